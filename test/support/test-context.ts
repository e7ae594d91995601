/**
 * A real AppContext for integration tests: a libsql file database and a blob store in a fresh
 * temp folder, the real mailer pointed at the harness's SMTP sink, a clock tests can move.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createMailer } from "../../api/alerts/mailer.ts";
import type { AppContext } from "../../api/context.ts";
import { openDatabase } from "../../api/db/client.ts";
import { createLogger } from "../../api/lib/logger.ts";
import { createSecretBox } from "../../api/security/secrets.ts";
import { createFileBlobStore } from "../../api/store/blobs.ts";
import { mailServers } from "../harness/index.ts";

export interface TestContext extends AppContext {
  dir: string;
  /** Every log line written, for tests that scan logs for secrets. */
  logLines: string[];
  setNow(date: Date): void;
  dispose(): Promise<void>;
}

export async function createTestContext(options: { smtp?: boolean } = {}): Promise<TestContext> {
  const dir = mkdtempSync(join(tmpdir(), "buzon-test-"));
  const database = await openDatabase(`file:${join(dir, "buzon.db")}`);
  const servers = mailServers();
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  let now: Date | null = null;
  const mailer =
    options.smtp === false
      ? null
      : createMailer({ url: `smtp://${servers.host}:${servers.smtpPort}`, from: "buzon@buzon.test", ca: servers.caPem });
  return {
    db: database.db,
    blobs: createFileBlobStore(join(dir, "blobs")),
    secrets: await createSecretBox(crypto.getRandomValues(new Uint8Array(32))),
    mailer,
    logger: createLogger("debug", sink),
    now: () => now ?? new Date(),
    allowPrivateHosts: true,
    instanceId: "test",
    dir,
    logLines,
    setNow: (date) => {
      now = date;
    },
    async dispose() {
      mailer?.close();
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
