/**
 * vitest globalSetup: one Dovecot (IMAP, IMAPS, POP3, POP3S), one SMTP sink and one OAuth 2.0
 * provider for the whole run, on free loopback ports under a fresh temp root, handed to test files
 * as `mailServers` and `oauthServer`.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { TestProject } from "vitest/node";
import { generateCertificates } from "./certificates.ts";
import { hasDovecot, hasDovecotLua, startDovecot, stopDovecot } from "./dovecot.ts";
import { findFreePorts } from "./free-port.ts";
import type { MailServers } from "./mail-servers.ts";
import { startOAuthProvider, stopOAuthProvider } from "./oauth-provider.ts";
import { startSmtpSink, stopSmtpSink } from "./smtp-sink.ts";

// Debian's nobody/nogroup: mail must belong to an unprivileged uid above first_valid_uid.
const NOBODY_UID = 65534;
const NOGROUP_GID = 65534;

function assertCanRunDovecot(): void {
  if (process.getuid?.() !== 0) {
    throw new Error("The mail test harness must run as root: Dovecot switches to uid nobody.");
  }
  if (!hasDovecot() || !hasDovecotLua()) {
    throw new Error(
      "Dovecot is missing: apt-get install dovecot-imapd dovecot-pop3d dovecot-auth-lua " +
        "(Debian packages; scripts/install-test-deps.sh does it as root).",
    );
  }
}

/** Every folder above the root must let Dovecot's own users (dovecot, dovenull, nobody) through. */
function assertTraversable(dir: string): void {
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) {
      throw new Error(`${d} is not traversable by others; Dovecot could not reach its files`);
    }
  }
}

/** mkdtemp makes 0700 folders, so each one the harness creates is set to 0755 explicitly. */
function makeRoot(): string {
  assertTraversable(tmpdir());
  const root = mkdtempSync(join(tmpdir(), "buzon-mail-"));
  chmodSync(root, 0o755);
  for (const dir of ["run", "state", "log", "sink", "users"]) {
    mkdirSync(join(root, dir), { mode: 0o755 });
  }
  mkdirSync(join(root, "mail"), { mode: 0o755 });
  chownSync(join(root, "mail"), NOBODY_UID, NOGROUP_GID);
  writeFileSync(join(root, "passwd"), "", { mode: 0o644 });
  return root;
}

export default async function setup(project: TestProject) {
  assertCanRunDovecot();
  const root = makeRoot();
  try {
    return await startServers(project, root);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

async function startServers(project: TestProject, root: string) {
  const certs = generateCertificates(join(root, "tls"));
  type SixPorts = [number, number, number, number, number, number];
  const ports = (await findFreePorts(6)) as SixPorts;
  const [imapPort, imapsPort, pop3Port, pop3sPort, smtpPort, oauthPort] = ports;
  // First: Dovecot's oauth2 passdb asks it about every XOAUTH2/OAUTHBEARER token.
  const oauth = await startOAuthProvider(oauthPort);

  const passwdFile = join(root, "passwd");
  const passwdDir = join(root, "users");
  const dovecot = await startDovecot({
    root,
    imapPort,
    imapsPort,
    pop3Port,
    pop3sPort,
    passwdFile,
    passwdDir,
    certFile: certs.certFile,
    keyFile: certs.keyFile,
    mailDir: join(root, "mail"),
    uid: NOBODY_UID,
    gid: NOGROUP_GID,
    introspectionUrl: `${oauth.url}/introspect`,
    mailboxPermissionUrl: `${oauth.url}/exchange/mailbox-permission`,
  }).catch(async (error: unknown) => {
    await stopOAuthProvider(oauth);
    throw error;
  });
  const sinkDir = join(root, "sink");
  const sink = await startSmtpSink({ dir: sinkDir, port: smtpPort, ...certs }).catch(
    async (error: unknown) => {
      await Promise.all([stopDovecot(dovecot.pid), stopOAuthProvider(oauth)]);
      throw error;
    },
  );

  const servers: MailServers = {
    host: "localhost",
    imapPort,
    imapsPort,
    pop3Port,
    pop3sPort,
    smtpPort,
    caPem: certs.caPem,
    caFile: certs.caFile,
    passwdFile,
    passwdDir,
    sinkDir,
    root,
  };
  project.provide("mailServers", servers);
  project.provide("oauthServer", { url: oauth.url });

  return async function teardown() {
    await Promise.all([stopSmtpSink(sink), stopDovecot(dovecot.pid), stopOAuthProvider(oauth)]);
    rmSync(root, { recursive: true, force: true });
  };
}
