/**
 * The hostile corpus (test/hostile/corpus.ts) through a real mailbox, ingested by a child process
 * whose heap is capped at 256 MB: every e-mail ends in its place with its reason, and the run
 * goes on past each one.
 */
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "../db/schema.ts";
import {
  appendMessage,
  createMailUser,
  readFolder,
  readSink,
  type MailUser,
} from "../../test/harness/index.ts";
import { hostileCorpus } from "../../test/hostile/corpus.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { setupMailbox } from "../../test/support/mailbox-setup.ts";
import { runChild, type ChildResult } from "../../test/support/run-child.ts";

const HEAP_CAP = ["--max-old-space-size=256"];
const corpus = hostileCorpus();

async function recordOf(ctx: TestContext, messageId: string) {
  const rows = await ctx.db.select().from(messages);
  return rows.find((row) => row.messageIdHeader === messageId);
}

describe("hostile e-mails over IMAP, heap capped at 256 MB", () => {
  let ctx: TestContext;
  let user: MailUser;
  let result: ChildResult;

  beforeAll(async () => {
    ctx = await createTestContext();
    user = createMailUser("hostile-imap");
    const companyId = await setupMailbox(ctx, user);
    for (const mail of corpus) await appendMessage(user.user, user.password, mail.raw);
    result = await runChild({ spec: ctx.spec, companyId, nodeFlags: HEAP_CAP });
  }, 180_000);
  afterAll(() => ctx.dispose());

  it("finishes the run over every e-mail", async () => {
    expect(result.stderr).not.toMatch(/heap out of memory/i);
    expect(result.summary).toMatchObject({
      status: "ok",
      fetched: corpus.length,
      settled: corpus.length,
    });
    expect(await readFolder(user.user, user.password, "INBOX")).toHaveLength(0);
  });

  it.each(corpus.map((mail) => [mail.name, mail.code ?? "processed"]))(
    "settles %s as %s",
    async (name) => {
      const mail = corpus.find((m) => m.name === name)!;
      const record = await recordOf(ctx, mail.messageId);
      if (mail.code === null) {
        expect(record).toMatchObject({ outcome: "processed", settledTo: "Procesados" });
      } else {
        expect(record).toMatchObject({
          outcome: "failed",
          reasonCode: mail.code,
          settledTo: "Fallidos",
        });
      }
    },
  );
});

describe("hostile e-mails over POP3", () => {
  let ctx: TestContext;
  let user: MailUser;
  let backup: string;
  let result: ChildResult;
  const small = corpus.filter((mail) => mail.code !== "MESSAGE_TOO_LARGE");

  beforeAll(async () => {
    ctx = await createTestContext();
    user = createMailUser("hostile-pop3");
    backup = `respaldo-${user.user}@buzon.test`;
    const companyId = await setupMailbox(ctx, user, { protocol: "pop3", backupEmail: backup });
    for (const mail of small) await appendMessage(user.user, user.password, mail.raw);
    result = await runChild({ spec: ctx.spec, companyId, nodeFlags: HEAP_CAP });
  }, 180_000);
  afterAll(() => ctx.dispose());

  it("forwards each one with its outcome in the subject, on one line", async () => {
    expect(result.summary).toMatchObject({
      status: "ok",
      fetched: small.length,
      settled: small.length,
    });
    const forwards = readSink({ to: backup });
    expect(forwards).toHaveLength(small.length);
    for (const forward of forwards) {
      const parsed = await simpleParser(Buffer.from(forward.raw));
      expect(parsed.subject).toMatch(/^\[Buzón\] (Procesado|Fallido \([A-Z_]+\)):/);
      expect(parsed.headers.get("bcc")).toBeUndefined();
    }
    const subjects = await Promise.all(
      forwards.map(async (f) => (await simpleParser(Buffer.from(f.raw))).subject ?? ""),
    );
    const failedCodes = subjects
      .map((subject) => /Fallido \(([A-Z_]+)\)/.exec(subject)?.[1])
      .filter(Boolean)
      .sort();
    expect(failedCodes).toEqual(small.flatMap((m) => (m.code ? [m.code] : [])).sort());
  });
});
