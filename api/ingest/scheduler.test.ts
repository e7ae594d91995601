import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mailboxes } from "../db/schema.ts";
import {
  appendMessage,
  createMailUser,
  readSink,
  waitForSink,
  type MailUser,
} from "../../test/harness/index.ts";
import { buildDianEmail } from "../../test/fixtures/index.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { setupMailbox } from "../../test/support/mailbox-setup.ts";
import { runDueMailboxes } from "./scheduler.ts";
import { runIngestion } from "./run.ts";

describe("scheduled runs", () => {
  let ctx: TestContext;
  let user: MailUser;
  beforeEach(async () => {
    ctx = await createTestContext();
    user = createMailUser("schedule");
  });
  afterEach(() => ctx.dispose());

  it("runs a mailbox once per poll interval", async () => {
    const companyId = await setupMailbox(ctx, user);
    await appendMessage(user.user, user.password, buildDianEmail({ number: "FS1" }).raw);
    const start = new Date("2026-12-01T12:00:00Z");
    ctx.setNow(start);

    expect(await runDueMailboxes(ctx, 5)).toBe(1);
    ctx.setNow(new Date(start.getTime() + 2 * 60_000));
    expect(await runDueMailboxes(ctx, 5)).toBe(0);
    ctx.setNow(new Date(start.getTime() + 5 * 60_000));
    expect(await runDueMailboxes(ctx, 5)).toBe(1);

    const [row] = await ctx.db.select().from(mailboxes).where(eq(mailboxes.companyId, companyId));
    expect(row?.state).toBe("ok");
  });

  it("never runs two ingestions of one mailbox at once", async () => {
    const companyId = await setupMailbox(ctx, user);
    for (let i = 0; i < 3; i++) {
      await appendMessage(user.user, user.password, buildDianEmail({ number: `FB${i}` }).raw);
    }
    const results = await Promise.all([
      runIngestion(ctx, companyId, "manual"),
      runIngestion(ctx, companyId, "schedule"),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["busy", "ok"]);
    expect(results.reduce((sum, r) => sum + r.processed, 0)).toBe(3);
  });
});

describe("password expiry alerts", () => {
  let ctx: TestContext;
  let user: MailUser;
  let notify: string;
  beforeEach(async () => {
    ctx = await createTestContext();
    user = createMailUser("expiry");
    notify = `aviso-${user.user}@buzon.test`;
  });
  afterEach(() => ctx.dispose());

  async function subjects() {
    return Promise.all(
      readSink({ to: notify }).map(async (m) => (await simpleParser(Buffer.from(m.raw))).subject),
    );
  }

  it("alerts once five days before (Bogotá calendar), once on the day, and again for a new date", async () => {
    const companyId = await setupMailbox(ctx, user, {
      passwordExpiresOn: "2026-12-20",
      notificationEmail: notify,
    });

    ctx.setNow(new Date("2026-12-15T04:00:00Z")); // 14 Dec, 23:00 in Bogotá: six days before
    await runDueMailboxes(ctx, 5);
    expect(readSink({ to: notify })).toHaveLength(0);

    ctx.setNow(new Date("2026-12-15T06:00:00Z")); // 15 Dec, 01:00 in Bogotá: five days before
    await runDueMailboxes(ctx, 5);
    await runDueMailboxes(ctx, 5);
    await waitForSink(1, { to: notify });
    expect(await subjects()).toEqual([expect.stringContaining("vence en 5 días")]);

    ctx.setNow(new Date("2026-12-20T15:00:00Z"));
    await runDueMailboxes(ctx, 5);
    await runDueMailboxes(ctx, 5);
    await waitForSink(2, { to: notify });
    expect((await subjects())[1]).toContain("vence hoy");

    await ctx.db
      .update(mailboxes)
      .set({ passwordExpiresOn: "2027-01-10" })
      .where(eq(mailboxes.companyId, companyId));
    ctx.setNow(new Date("2027-01-06T15:00:00Z"));
    await runDueMailboxes(ctx, 5);
    await waitForSink(3, { to: notify });
    expect((await subjects())[2]).toContain("vence en 4 días");
  });

  it("says the password already expired when the day's alert goes out late", async () => {
    await setupMailbox(ctx, user, { passwordExpiresOn: "2026-12-20", notificationEmail: notify });
    // The host was down from before the notice until three days after the date.
    ctx.setNow(new Date("2026-12-23T15:00:00Z"));
    await runDueMailboxes(ctx, 5);
    await waitForSink(1, { to: notify });
    const [subject] = await subjects();
    expect(subject).toContain("ya venció");
    expect(subject).not.toContain("vence hoy");
  });
});
