import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { documents, messages } from "../db/schema.ts";
import {
  appendMessage,
  createMailUser,
  readFolder,
  type MailUser,
} from "../../test/harness/index.ts";
import { buildDianEmail } from "../../test/fixtures/build-dian-email.ts";
import { buildEmail } from "../../test/fixtures/build-email.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { setupMailbox } from "../../test/support/mailbox-setup.ts";
import { runIngestion } from "./run.ts";

describe.each(["ssl", "starttls"] as const)("IMAP ingestion over %s", (security) => {
  let ctx: TestContext;
  let user: MailUser;

  beforeEach(async () => {
    ctx = await createTestContext();
    user = createMailUser(`imap-${security}`);
  });
  afterEach(() => ctx.dispose());

  it("stores documents, moves each e-mail to Procesados or Fallidos, and takes nothing twice", async () => {
    const companyId = await setupMailbox(ctx, user, { security });
    const invoice = buildDianEmail({ number: "FE101", messageId: "<fe101@proveedor.example>" });
    const note = buildDianEmail({
      kind: "credit-note",
      number: "NC7",
      messageId: "<nc7@proveedor.example>",
    });
    const empty = buildEmail({ subject: "Hola", messageId: "<hola@proveedor.example>" });
    for (const raw of [invoice.raw, note.raw, empty])
      await appendMessage(user.user, user.password, raw);

    const first = await runIngestion(ctx, companyId, "manual");
    expect(first).toMatchObject({
      status: "ok",
      fetched: 3,
      processed: 2,
      failed: 1,
      duplicates: 0,
      settled: 3,
    });

    expect(await readFolder(user.user, user.password, "INBOX")).toHaveLength(0);
    const processed = await readFolder(user.user, user.password, "Procesados");
    expect(processed.map((m) => Buffer.from(m.raw).toString("base64")).sort()).toEqual(
      [invoice.raw, note.raw].map((raw) => Buffer.from(raw).toString("base64")).sort(),
    );
    const failed = await readFolder(user.user, user.password, "Fallidos");
    expect(failed.map((m) => m.messageId)).toEqual(["<hola@proveedor.example>"]);

    const stored = await ctx.db.select().from(documents).where(eq(documents.companyId, companyId));
    expect(stored.map((d) => [d.number, d.kind, d.cufe]).sort()).toEqual(
      [
        ["FE101", "invoice", invoice.document.cufe],
        ["NC7", "credit-note", note.document.cufe],
      ].sort(),
    );
    const failure = await ctx.db.select().from(messages).where(eq(messages.outcome, "failed"));
    expect(failure.map((m) => [m.reasonCode, m.settleState, m.settledTo])).toEqual([
      ["NO_DOCUMENT", "settled", "Fallidos"],
    ]);

    const second = await runIngestion(ctx, companyId, "manual");
    expect(second).toMatchObject({ status: "ok", fetched: 0, processed: 0, failed: 0 });
    expect(await readFolder(user.user, user.password, "Procesados")).toHaveLength(2);
  });

  it("counts an invoice sent again as a duplicate, not as a new document", async () => {
    const companyId = await setupMailbox(ctx, user, { security });
    const invoice = buildDianEmail({ number: "FE55" });
    await appendMessage(user.user, user.password, invoice.raw);
    await runIngestion(ctx, companyId, "manual");

    const resent = buildDianEmail({ number: "FE55", messageId: "<otra-vez@proveedor.example>" });
    await appendMessage(user.user, user.password, resent.raw);
    const again = await runIngestion(ctx, companyId, "manual");

    expect(again).toMatchObject({ fetched: 1, processed: 0, duplicates: 1, failed: 0 });
    expect(await ctx.db.select().from(documents)).toHaveLength(1);
    expect(await readFolder(user.user, user.password, "Procesados")).toHaveLength(2);
  });
});

describe("IMAP ingestion rules", () => {
  let ctx: TestContext;
  let user: MailUser;

  beforeEach(async () => {
    ctx = await createTestContext();
    user = createMailUser("imap-rules");
  });
  afterEach(() => ctx.dispose());

  it("fails a document addressed to another NIT and a test-environment document", async () => {
    const companyId = await setupMailbox(ctx, user, { companyNit: "830034343" });
    const other = buildDianEmail({
      number: "FE1",
      customer: { nit: "900111222", name: "OTRA S.A.S." },
    });
    const test = buildDianEmail({ number: "FE2", environment: "2" });
    const mine = buildDianEmail({ number: "FE3" });
    for (const raw of [other.raw, test.raw, mine.raw])
      await appendMessage(user.user, user.password, raw);

    const summary = await runIngestion(ctx, companyId, "manual");

    expect(summary).toMatchObject({ fetched: 3, processed: 1, failed: 2 });
    const reasons = (await ctx.db.select().from(messages)).map((m) => m.reasonCode).sort();
    expect(reasons).toEqual(["TEST_ENVIRONMENT", "WRONG_RECIPIENT_NIT", null].sort());
    expect(await readFolder(user.user, user.password, "Fallidos")).toHaveLength(2);
  });

  it("records a failed login on the mailbox and ends the run", async () => {
    const companyId = await setupMailbox(ctx, { ...user, password: "no-es-la-clave" });
    const summary = await runIngestion(ctx, companyId, "manual");
    expect(summary).toMatchObject({ status: "failed", errorCode: "AUTH_FAILED", fetched: 0 });
    expect(ctx.logLines.join("")).not.toContain("no-es-la-clave");
  });
});
