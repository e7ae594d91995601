import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { mailboxes, oauthGrants } from "../db/schema.ts";
import { bootstrapCompany } from "../security/tokens.ts";
import {
  createMailUser,
  providerCounters,
  readSink,
  waitForSink,
} from "../../test/harness/index.ts";
import { signInThroughApi, testOAuthSettings } from "../../test/support/oauth-setup.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { maintainGrants } from "./maintain.ts";

const DAY_MS = 86_400_000;

describe("keeping OAuth sign-ins alive", () => {
  let ctx: TestContext;
  let companyId: number;
  let user: ReturnType<typeof createMailUser>;
  const notify = () => `aviso-${user.user}@buzon.test`;

  beforeEach(async () => {
    ctx = await createTestContext();
    ctx.oauth = testOAuthSettings();
    user = createMailUser("oauth-alive");
    const company = (await bootstrapCompany(ctx))!;
    companyId = company.companyId;
    await signInThroughApi(createApp(ctx), company.token, "microsoft", user.user);
    await ctx.db.insert(mailboxes).values({
      companyId,
      serverType: "oauth-microsoft",
      protocol: "imap",
      host: "localhost",
      port: 993,
      security: "ssl",
      username: user.user,
      passwordEnc: "",
      notificationEmail: notify(),
    });
  });
  afterEach(() => ctx.dispose());

  const ago = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

  it("refreshes a grant unused for a week, even when no run needs it", async () => {
    await ctx.db.update(oauthGrants).set({ refreshedAt: ago(8) });
    await maintainGrants(ctx);
    expect((await providerCounters(user.user)).refreshes).toBe(1);
    const [grant] = await ctx.db.select().from(oauthGrants);
    expect(Date.now() - Date.parse(grant!.refreshedAt)).toBeLessThan(60_000);
    expect(readSink({ to: notify() })).toHaveLength(0);
  });

  it("reminds once, before the 90-day limit, when the refresh keeps failing", async () => {
    await ctx.db.update(oauthGrants).set({ refreshedAt: ago(76) });
    // The provider cannot be reached: the keep-alive fails without ending the grant.
    const settings = testOAuthSettings();
    ctx.oauth = {
      ...settings,
      microsoft: { ...settings.microsoft, authority: "http://127.0.0.1:1" },
    };

    await maintainGrants(ctx);
    const [reminder] = await waitForSink(1, { to: notify() });
    const parsed = await simpleParser(Buffer.from(reminder!.raw));
    expect(parsed.subject).toBe(
      `[Buzón] El inicio de sesión con Microsoft de ${user.user} vence en 14 días`,
    );
    await maintainGrants(ctx);
    expect(readSink({ to: notify() })).toHaveLength(1);
    const [grant] = await ctx.db.select().from(oauthGrants);
    expect(grant!.status).toBe("active");
  });

  it("marks the mailbox and mails once when the keep-alive finds the grant revoked", async () => {
    await ctx.db.update(oauthGrants).set({ refreshedAt: ago(8) });
    const [grant] = await ctx.db.select().from(oauthGrants);
    // A refresh token the provider does not know: the answer is invalid_grant.
    await ctx.db
      .update(oauthGrants)
      .set({ refreshTokenEnc: await ctx.secrets.seal("rt_unknown") })
      .where(eq(oauthGrants.id, grant!.id));

    await maintainGrants(ctx);
    await maintainGrants(ctx);
    const [mailbox] = await ctx.db.select().from(mailboxes);
    expect(mailbox).toMatchObject({ state: "needs_signin" });
    const mails = await waitForSink(1, { to: notify() });
    const parsed = await simpleParser(Buffer.from(mails[0]!.raw));
    expect(parsed.subject).toContain("Vuelve a iniciar sesión con Microsoft");
    expect(parsed.text).toContain("«Iniciar sesión»");
    expect(readSink({ to: notify() })).toHaveLength(1);
  });
});
