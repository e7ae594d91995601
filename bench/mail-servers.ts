/**
 * The test harness's Dovecot and SMTP sink, started from a script (no vitest): the same config,
 * certificates and loopback ports the suites use, under a fresh temp root removed on stop.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SMTPServer } from "smtp-server";
import { generateCertificates } from "../test/harness/certificates.ts";
import { hasDovecot, startDovecot, stopDovecot } from "../test/harness/dovecot.ts";
import { findFreePorts } from "../test/harness/free-port.ts";
import type { MailServers } from "../test/harness/mail-servers.ts";
import { startSmtpSink, stopSmtpSink } from "../test/harness/smtp-sink.ts";

// Debian's nobody/nogroup, as in global-setup.ts: Dovecot refuses mail owned by root.
export const NOBODY = 65534;

export interface BenchServers extends MailServers {
  mailDir: string;
  dovecotPid: number;
  stop(): Promise<void>;
}

function makeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "buzon-bench-"));
  chmodSync(root, 0o755);
  for (const dir of ["run", "state", "log", "sink", "users", "mail"]) {
    mkdirSync(join(root, dir), { mode: 0o755 });
  }
  chownSync(join(root, "mail"), NOBODY, NOBODY);
  writeFileSync(join(root, "passwd"), "", { mode: 0o644 });
  return root;
}

export async function startBenchServers(): Promise<BenchServers> {
  if (process.getuid?.() !== 0 || !hasDovecot()) {
    throw new Error("the benchmark needs root and Debian's Dovecot, as npm test does");
  }
  const root = makeRoot();
  const certs = generateCertificates(join(root, "tls"));
  const [imapPort, imapsPort, pop3Port, pop3sPort, smtpPort] = (await findFreePorts(5)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const passwdDir = join(root, "users");
  const mailDir = join(root, "mail");
  const dovecot = await startDovecot({
    root,
    imapPort,
    imapsPort,
    pop3Port,
    pop3sPort,
    passwdFile: join(root, "passwd"),
    passwdDir,
    certFile: certs.certFile,
    keyFile: certs.keyFile,
    mailDir,
    uid: NOBODY,
    gid: NOBODY,
    // No OAuth login happens here; Dovecot only needs a loopback address in its config.
    introspectionUrl: "http://127.0.0.1:9/introspect",
  });
  const sinkDir = join(root, "sink");
  let sink: SMTPServer;
  try {
    sink = await startSmtpSink({ dir: sinkDir, port: smtpPort, ...certs });
  } catch (error) {
    await stopDovecot(dovecot.pid);
    throw error;
  }
  return {
    host: "localhost",
    imapPort,
    imapsPort,
    pop3Port,
    pop3sPort,
    smtpPort,
    caPem: certs.caPem,
    caFile: certs.caFile,
    passwdFile: join(root, "passwd"),
    passwdDir,
    sinkDir,
    root,
    mailDir,
    dovecotPid: dovecot.pid,
    async stop() {
      await Promise.all([stopSmtpSink(sink), stopDovecot(dovecot.pid)]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A Dovecot user with its own passwd-file (read on first login, as mail-users.ts does). */
export function addMailUser(servers: BenchServers, user: string, password = `pw-${user}`) {
  const file = join(servers.passwdDir, user);
  writeFileSync(`${file}.tmp`, `${user}:${password}\n`, { mode: 0o644 });
  renameSync(`${file}.tmp`, file);
  return { user, password };
}

/** Empties what the SMTP sink kept (POP3 runs forward every e-mail there). */
export function clearSink(servers: BenchServers): void {
  rmSync(servers.sinkDir, { recursive: true, force: true });
  mkdirSync(servers.sinkDir, { mode: 0o755 });
}
