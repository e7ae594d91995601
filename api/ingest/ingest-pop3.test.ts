import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { documents, messages } from "../db/schema.ts";
import {
  appendMessage,
  createMailUser,
  readFolder,
  readSink,
  waitForSink,
  type MailUser,
} from "../../test/harness/index.ts";
import { buildDianEmail } from "../../test/fixtures/build-dian-email.ts";
import { buildEmail } from "../../test/fixtures/build-email.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { setupMailbox } from "../../test/support/mailbox-setup.ts";
import { runIngestion } from "./run.ts";

function forwardedOriginal(raw: Uint8Array, original: Uint8Array): boolean {
  return Buffer.from(raw).indexOf(Buffer.from(original)) >= 0;
}

describe.each(["ssl", "starttls"] as const)("POP3 ingestion over %s", (security) => {
  let ctx: TestContext;
  let user: MailUser;

  beforeEach(async () => {
    ctx = await createTestContext();
    user = createMailUser(`pop3-${security}`);
  });
  afterEach(() => ctx.dispose());

  it("stores documents, forwards each original byte for byte to the backup, then deletes it", async () => {
    const backup = `respaldo-${user.user}@buzon.test`;
    const companyId = await setupMailbox(ctx, user, {
      protocol: "pop3",
      security,
      backupEmail: backup,
    });
    const invoice = buildDianEmail({ number: "FP1" });
    const junk = buildEmail({ subject: "Publicidad", messageId: "<promo@tienda.example>" });
    for (const raw of [invoice.raw, junk]) await appendMessage(user.user, user.password, raw);

    const summary = await runIngestion(ctx, companyId, "manual");

    expect(summary).toMatchObject({
      status: "ok",
      fetched: 2,
      processed: 1,
      failed: 1,
      settled: 2,
    });
    expect(await readFolder(user.user, user.password, "INBOX")).toHaveLength(0);
    const forwards = await waitForSink(2, { to: backup });
    const subjects = await Promise.all(
      forwards.map(async (m) => (await simpleParser(Buffer.from(m.raw))).subject),
    );
    expect(subjects.sort()).toEqual(
      [`[Buzón] Fallido (NO_DOCUMENT): Publicidad`, `[Buzón] Procesado: ${invoice.subject}`].sort(),
    );
    expect(forwards.some((m) => forwardedOriginal(m.raw, invoice.raw))).toBe(true);
    expect(forwards.some((m) => forwardedOriginal(m.raw, junk))).toBe(true);
    for (const forward of forwards) {
      expect(Buffer.from(forward.raw).toString("latin1")).toMatch(
        /Content-Type: message\/rfc822[^]*?Content-Disposition: attachment/i,
      );
    }
    expect((await ctx.db.select().from(documents)).map((d) => d.number)).toEqual(["FP1"]);
    expect((await ctx.db.select().from(messages)).every((m) => m.settleState === "settled")).toBe(
      true,
    );

    const again = await runIngestion(ctx, companyId, "manual");
    expect(again).toMatchObject({ fetched: 0 });
    expect(readSink({ to: backup })).toHaveLength(2);
  });
});

describe("POP3 ingestion without outgoing mail", () => {
  let ctx: TestContext;
  let user: MailUser;

  beforeEach(async () => {
    ctx = await createTestContext({ smtp: false });
    user = createMailUser("pop3-nosmtp");
  });
  afterEach(() => ctx.dispose());

  it("keeps every e-mail on the server and says why", async () => {
    const companyId = await setupMailbox(ctx, user, { protocol: "pop3" });
    await appendMessage(user.user, user.password, buildDianEmail({ number: "FP9" }).raw);

    const summary = await runIngestion(ctx, companyId, "manual");

    expect(summary).toMatchObject({
      status: "ok",
      fetched: 1,
      processed: 1,
      settled: 0,
      pending: 1,
    });
    expect(summary.notes.join(" ")).toMatch(/BUZON_SMTP_URL/);
    expect(await readFolder(user.user, user.password, "INBOX")).toHaveLength(1);

    const again = await runIngestion(ctx, companyId, "manual");
    expect(again).toMatchObject({ fetched: 0, pending: 1 });
    expect(await ctx.db.select().from(documents)).toHaveLength(1);
  });
});
