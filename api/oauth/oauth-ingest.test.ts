import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { oauthGrants } from "../db/schema.ts";
import {
  appendMessage,
  createMailUser,
  expireAccessTokens,
  mailServers,
  providerCounters,
  readFolder,
  readSink,
  revokeGrants,
  waitForSink,
  type MailUser,
} from "../../test/harness/index.ts";
import { buildDianEmail } from "../../test/fixtures/index.ts";
import {
  apiCaller,
  openApi,
  signInThroughApi,
  startClock,
  testOAuthSettings,
} from "../../test/support/oauth-setup.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";

describe.each([
  ["microsoft", "imap"],
  ["google", "pop3"],
] as const)("a %s mailbox over %s, signed in with OAuth 2.0", (provider, protocol) => {
  let ctx: TestContext;
  let user: MailUser;
  let app: ReturnType<typeof createApp>;
  let call: ReturnType<typeof apiCaller>;
  let apiToken: string;
  let later: (hours: number) => void;
  const notify = () => `avisos-${user.user}@buzon.test`;

  beforeEach(async () => {
    ctx = await createTestContext();
    ctx.oauth = testOAuthSettings();
    later = startClock(ctx);
    user = createMailUser(`oauth-${provider}`);
    ({ app, apiToken, call } = await openApi(ctx));
  });
  afterEach(() => ctx.dispose());

  async function signInAndSave() {
    const servers = mailServers();
    const signedIn = await signInThroughApi(app, apiToken, provider, user.user);
    expect(signedIn.callback.status).toBe(200);
    expect(await signedIn.callback.text()).toContain("Vuelve a la extensión");
    const status = await call("GET", `/api/v1/oauth/${provider}/status?state=${signedIn.state}`);
    expect(await status.json()).toMatchObject({ status: "done", account: user.user });

    const form = {
      serverType: `oauth-${provider}`,
      protocol,
      host: servers.host,
      port: protocol === "imap" ? servers.imapsPort : servers.pop3sPort,
      security: "ssl",
      username: user.user,
      notificationEmail: notify(),
      backupEmail: protocol === "pop3" ? `respaldo-${user.user}@buzon.test` : undefined,
      tlsCa: servers.caPem,
    };
    const saved = await call("PUT", "/api/v1/reception-config", form);
    expect(saved.status).toBe(201);
    expect(await saved.json()).toMatchObject({
      serverType: `oauth-${provider}`,
      passwordSet: false,
    });
  }

  async function run() {
    const res = await call("POST", "/api/v1/ingestion/runs");
    return res.json();
  }

  async function deliver(number: string) {
    await appendMessage(user.user, user.password, buildDianEmail({ number }).raw);
  }

  it("ingests across token refreshes and rotations, then asks to sign in again once revoked", async () => {
    await signInAndSave();

    await deliver("OA1");
    expect(await run()).toMatchObject({ status: "ok", processed: 1, settled: 1 });
    expect((await providerCounters(user.user)).refreshes).toBe(0);

    // The access token dies at the provider and in Buzón's clock: the run refreshes first.
    await expireAccessTokens(user.user);
    later(2);
    await deliver("OA2");
    expect(await run()).toMatchObject({ status: "ok", processed: 1 });
    expect((await providerCounters(user.user)).refreshes).toBe(1);

    // Microsoft's provider revoked the first refresh token when it rotated: a third run works
    // only if the rotated one was kept.
    later(2);
    await deliver("OA3");
    expect(await run()).toMatchObject({ status: "ok", processed: 1 });
    expect((await providerCounters(user.user)).refreshes).toBe(2);
    const [grant] = await ctx.db.select().from(oauthGrants);
    expect(grant).toMatchObject({ status: "active", generation: 3 });
    // Tokens live sealed in the database and nowhere else: not in a log line (debug level).
    const tokens = [
      await ctx.secrets.open(grant!.refreshTokenEnc),
      await ctx.secrets.open(grant!.accessTokenEnc!),
    ];
    const logged = ctx.logLines.join("");
    expect(logged).toMatch(/"level":20/);
    for (const token of tokens) expect(logged.includes(token)).toBe(false);
    if (protocol === "imap") {
      expect(await readFolder(user.user, user.password, "Procesados")).toHaveLength(3);
    }

    // The user withdraws consent: the refresh fails with invalid_grant.
    await revokeGrants(user.user);
    later(2);
    const failed = await run();
    expect(failed).toMatchObject({ status: "failed", errorCode: "AUTH_FAILED" });
    expect(failed.errorMessage).toContain("Iniciar sesión");
    const status = await (await call("GET", "/api/v1/status")).json();
    expect(status.mailbox).toMatchObject({ state: "needs_signin" });
    expect(status.signIn).toMatchObject({ provider, state: "needs_signin" });
    const alerts = await waitForSink(1, { to: notify() });
    expect(alerts[0]!.envelope.rcptTo).toEqual([notify()]);

    // Later runs fail the same way without another e-mail.
    later(1);
    expect(await run()).toMatchObject({ status: "failed" });
    expect(readSink({ to: notify() })).toHaveLength(1);

    // Signing in again clears the mark and ingestion resumes.
    await signInThroughApi(app, apiToken, provider, user.user);
    const cleared = await (await call("GET", "/api/v1/status")).json();
    expect(cleared.mailbox.state).toBe("never");
    await deliver("OA4");
    expect(await run()).toMatchObject({ status: "ok", processed: 1 });
  });
});
