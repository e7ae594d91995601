/**
 * Builds a real AppContext over a folder (libsql file + blob store), the real mailer pointed at
 * the harness's SMTP sink, a clock tests can move. No vitest imports: crash-test child processes
 * build the same context over the same folder.
 */
import { Writable } from "node:stream";
import { join } from "node:path";
import { createMailer } from "../../api/alerts/mailer.ts";
import type { AppContext } from "../../api/context.ts";
import { openDatabase } from "../../api/db/client.ts";
import { createLogger } from "../../api/lib/logger.ts";
import { createSecretBox } from "../../api/security/secrets.ts";
import { createFileBlobStore } from "../../api/store/blobs.ts";
import type { MailServers } from "../harness/mail-servers.ts";

/**
 * Tests never ask the machine's resolver: "localhost" is the harness, names under .invalid
 * (RFC 6761) do not exist, and anything else is a test bug.
 */
export async function lookupTestHost(host: string): Promise<string> {
  if (host === "localhost") return "127.0.0.1";
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  if (host.endsWith(".invalid")) throw error;
  throw new Error(`tests resolve only localhost and .invalid names, not ${host}`);
}

export interface ContextSpec {
  dir: string;
  /** 32 bytes, hex. */
  secretKey: string;
  servers: Pick<MailServers, "host" | "smtpPort" | "caPem">;
  smtp: boolean;
  /** Added to the real clock: a child process can start after a dead run's lease expired. */
  clockOffsetMs?: number;
}

export interface BuiltContext extends AppContext {
  logLines: string[];
  setNow(date: Date): void;
  close(): void;
}

export async function buildContext(spec: ContextSpec): Promise<BuiltContext> {
  const database = await openDatabase(`file:${join(spec.dir, "buzon.db")}`);
  const logLines: string[] = [];
  const logSink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const { host, smtpPort, caPem } = spec.servers;
  const mailer = spec.smtp
    ? createMailer({ url: `smtp://${host}:${smtpPort}`, from: "buzon@buzon.test", ca: caPem })
    : null;
  let now: Date | null = null;
  return {
    db: database.db,
    blobs: createFileBlobStore(join(spec.dir, "blobs")),
    secrets: await createSecretBox(new Uint8Array(Buffer.from(spec.secretKey, "hex"))),
    mailer,
    logger: createLogger("debug", logSink),
    now: () => now ?? new Date(Date.now() + (spec.clockOffsetMs ?? 0)),
    allowPrivateHosts: true,
    lookupHost: lookupTestHost,
    // Discovery stays on presets unless a test brings its own DNS server.
    dnsServers: [],
    instanceId: `test-${process.pid}`,
    logLines,
    setNow: (date) => {
      now = date;
    },
    close() {
      mailer?.close();
      database.close();
    },
  };
}
