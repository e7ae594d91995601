import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mailboxes } from "../db/schema.ts";
import { runDueMailboxes } from "../ingest/scheduler.ts";
import { createMailUser, readSink, waitForSink, type MailUser } from "../../test/harness/index.ts";
import { setupMailbox } from "../../test/support/mailbox-setup.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";

const MINUTE = 60_000;

describe("mailbox health", () => {
  let ctx: TestContext;
  let user: MailUser;
  let notify: string;
  beforeEach(async () => {
    ctx = await createTestContext();
    user = createMailUser("health");
    notify = `aviso-${user.user}@buzon.test`;
  });
  afterEach(() => ctx.dispose());

  const subjects = () =>
    Promise.all(
      readSink({ to: notify }).map(async (m) => (await simpleParser(Buffer.from(m.raw))).subject),
    );
  const mailbox = async () => (await ctx.db.select().from(mailboxes))[0]!;

  it("alerts once per incident when logins fail, and once when the mailbox works again", async () => {
    await setupMailbox(ctx, { ...user, password: "clave-vieja" }, { notificationEmail: notify });
    let now = Date.parse("2026-12-01T12:00:00Z");
    const tick = async () => {
      ctx.setNow(new Date(now));
      await runDueMailboxes(ctx, 5);
      now += 5 * MINUTE;
    };

    await tick();
    await tick();
    await tick();
    await waitForSink(1, { to: notify });
    expect(await subjects()).toEqual([expect.stringContaining("no se está leyendo")]);
    expect(await mailbox()).toMatchObject({
      state: "error",
      failingSince: "2026-12-01T12:00:00.000Z",
    });

    const fixed = await ctx.secrets.seal(user.password);
    await ctx.db.update(mailboxes).set({ passwordEnc: fixed });
    await tick();
    await tick();
    await waitForSink(2, { to: notify });
    expect((await subjects())[1]).toContain("funciona de nuevo");
    expect(await mailbox()).toMatchObject({ state: "ok", failingSince: null, healthAlertAt: null });
    expect(readSink({ to: notify })).toHaveLength(2);
  });

  it("counts a mailbox without a good run for BUZON_STALE_HOURS as unhealthy", async () => {
    await setupMailbox(ctx, user, { notificationEmail: notify });
    const start = Date.parse("2026-12-01T12:00:00Z");
    ctx.setNow(new Date(start));
    await runDueMailboxes(ctx, 5, 6);
    // The server stays reachable, but nothing has run for 7 hours (a stopped scheduler, say).
    await ctx.db
      .update(mailboxes)
      .set({ lastRunAt: new Date(start + 7 * 60 * MINUTE).toISOString() });
    ctx.setNow(new Date(start + 7 * 60 * MINUTE + MINUTE));
    await runDueMailboxes(ctx, 5, 6);
    await waitForSink(1, { to: notify });
    expect((await mailbox()).healthAlertAt).not.toBeNull();
  });

  it("polls hourly after five days of failure instead of every interval", async () => {
    await setupMailbox(ctx, { ...user, password: "mala" });
    const now = Date.parse("2026-12-10T12:00:00Z");
    ctx.setNow(new Date(now));
    const failing = (days: number, lastRunMinutesAgo: number) =>
      ctx.db.update(mailboxes).set({
        state: "error",
        failingSince: new Date(now - days * 24 * 60 * MINUTE).toISOString(),
        lastRunAt: new Date(now - lastRunMinutesAgo * MINUTE).toISOString(),
      });

    await failing(2, 10);
    expect(await runDueMailboxes(ctx, 5)).toBe(1);
    await failing(6, 10);
    expect(await runDueMailboxes(ctx, 5)).toBe(0);
    await failing(6, 61);
    expect(await runDueMailboxes(ctx, 5)).toBe(1);
    expect(await ctx.db.select().from(mailboxes).where(eq(mailboxes.state, "error"))).toHaveLength(
      1,
    );
  });
});
