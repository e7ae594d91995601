import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { companies, documents, messages } from "../db/schema.ts";
import { createToken } from "../security/tokens.ts";
import {
  appendMessage,
  createMailUser,
  readFolder,
  type MailUser,
} from "../../test/harness/index.ts";
import { buildDianEmail } from "../../test/fixtures/index.ts";
import { setupMailbox } from "../../test/support/mailbox-setup.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { runIngestion } from "./run.ts";

describe.each(["imap", "pop3"] as const)("retrying a failed e-mail over %s", (protocol) => {
  let ctx: TestContext;
  let user: MailUser;
  beforeEach(async () => {
    ctx = await createTestContext();
    user = createMailUser(`retry-${protocol}`);
  });
  afterEach(() => ctx.dispose());

  it("takes it again once the cause is fixed, and keeps the failed record as retried", async () => {
    const companyId = await setupMailbox(ctx, user, { protocol, companyNit: "900111222" });
    const invoice = buildDianEmail({ number: "FR1", messageId: "<fr1@p.example>" });
    await appendMessage(user.user, user.password, invoice.raw);
    expect(await runIngestion(ctx, companyId, "manual")).toMatchObject({ failed: 1 });
    const [failed] = await ctx.db.select().from(messages);
    expect(failed).toMatchObject({ reasonCode: "WRONG_RECIPIENT_NIT" });

    // The company's NIT was mistyped: fixed, the e-mail is retried from the dashboard.
    await ctx.db.update(companies).set({ nit: "830034343" }).where(eq(companies.id, companyId));
    const { token } = await createToken(ctx, companyId, "prueba");
    const app = createApp(ctx);
    const res = await app.request(`/api/v1/messages/${failed!.id}/retry`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });

    expect(res.status).toBe(200);
    expect((await ctx.db.select().from(documents)).map((d) => d.number)).toEqual(["FR1"]);
    const records = await ctx.db.select().from(messages);
    expect(records.map((r) => r.outcome).sort()).toEqual(["processed", "retried"]);
    if (protocol === "imap") {
      expect(await readFolder(user.user, user.password, "Fallidos")).toHaveLength(0);
      expect(await readFolder(user.user, user.password, "Procesados")).toHaveLength(1);
    }
    const again = await app.request(`/api/v1/messages/${failed!.id}/retry`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(again.status).toBe(409);
  });
});
