import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { oauthGrants } from "../db/schema.ts";
import {
  createMailUser,
  mailServers,
  providerCounters,
  type MailUser,
} from "../../test/harness/index.ts";
import {
  apiCaller,
  openApi,
  signInThroughApi,
  testOAuthSettings,
} from "../../test/support/oauth-setup.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";

let ctx: TestContext;
let app: ReturnType<typeof createApp>;
let apiToken: string;
let call: ReturnType<typeof apiCaller>;
let user: MailUser;

beforeEach(async () => {
  ctx = await createTestContext({ smtp: false });
  ctx.oauth = testOAuthSettings();
  ({ app, apiToken, call } = await openApi(ctx));
  user = createMailUser("oauth-signout");
});
afterEach(() => ctx.dispose());

async function signInAndSave(provider: "microsoft" | "google") {
  const signedIn = await signInThroughApi(app, apiToken, provider, user.user);
  expect(signedIn.callback.status).toBe(200);
  const servers = mailServers();
  const saved = await call("PUT", "/api/v1/reception-config", {
    serverType: `oauth-${provider}`,
    protocol: "imap",
    host: servers.host,
    port: servers.imapsPort,
    security: "ssl",
    username: user.user,
    tlsCa: servers.caPem,
  });
  expect(saved.status).toBe(201);
}

const signOut = async (provider: string) => call("DELETE", `/api/v1/oauth/${provider}`);
const readStatus = async () => (await call("GET", "/api/v1/status")).json();

describe("signing out of an OAuth mailbox", () => {
  it("revokes a Google grant at the provider, forgets its tokens and stops the mailbox", async () => {
    await signInAndSave("google");
    const [grant] = await ctx.db.select().from(oauthGrants);
    const tokens = [
      await ctx.secrets.open(grant!.refreshTokenEnc),
      await ctx.secrets.open(grant!.accessTokenEnc!),
    ];
    expect(await providerCounters(user.user)).toMatchObject({ liveGrants: 1, revocations: 0 });

    const res = await signOut("google");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ provider: "google", account: user.user, revocation: "revoked" });
    expect(body.message).toContain("Google anuló el permiso");
    // The provider ended the grant: the refresh token and its access tokens are dead there.
    expect(await providerCounters(user.user)).toMatchObject({ liveGrants: 0, revocations: 1 });
    expect(await ctx.db.select().from(oauthGrants)).toHaveLength(0);

    const status = await readStatus();
    expect(status.mailbox).toMatchObject({ state: "needs_signin", healthy: false });
    expect(status.signIn).toBeUndefined();
    const audit = await (await call("GET", "/api/v1/audit")).json();
    expect(audit.items[0]).toMatchObject({
      action: "oauth.signed-out",
      actor: expect.stringMatching(/^token:/),
      detail: { provider: "google", account: user.user, revocation: "revoked" },
    });

    // A run asks neither the provider nor the mail server, and says what to do.
    const run = await (await call("POST", "/api/v1/ingestion/runs")).json();
    expect(run).toMatchObject({ status: "failed", errorCode: "AUTH_FAILED" });
    expect(run.errorMessage).toContain("«Iniciar sesión»");
    expect((await providerCounters(user.user)).refreshes).toBe(0);
    expect((await readStatus()).mailbox.state).toBe("needs_signin");

    const seen = JSON.stringify(audit) + JSON.stringify(body) + ctx.logLines.join("");
    for (const token of tokens) expect(seen.includes(token)).toBe(false);
    expect((await signOut("google")).status).toBe(404);

    // Signing in again readies the mailbox.
    await signInThroughApi(app, apiToken, "google", user.user);
    expect((await readStatus()).mailbox.state).toBe("never");
  });

  it("forgets a Microsoft grant locally, since Microsoft has no revocation endpoint", async () => {
    await signInAndSave("microsoft");
    const other = await signOut("google");
    expect(other.status).toBe(404);
    expect((await other.json()).error).toMatchObject({
      code: "NOT_FOUND",
      details: { reason: "NOT_SIGNED_IN" },
    });
    const unknown = await signOut("yahoo");
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.details).toEqual({ reason: "UNKNOWN_PROVIDER" });

    const body = await (await signOut("microsoft")).json();
    expect(body).toMatchObject({ provider: "microsoft", revocation: "not_supported" });
    expect(body.message).toContain("https://myapps.microsoft.com");
    expect(await ctx.db.select().from(oauthGrants)).toHaveLength(0);
    // Nothing was asked of the provider: the grant lives on there until the user withdraws it.
    expect(await providerCounters(user.user)).toMatchObject({ liveGrants: 1, revocations: 0 });
    const status = await readStatus();
    expect(status.mailbox.state).toBe("needs_signin");
  });

  it("forgets the tokens and says where to withdraw consent when Google cannot be reached", async () => {
    await signInAndSave("google");
    const settings = testOAuthSettings();
    // Nothing listens on port 1: the revocation request is refused.
    ctx.oauth = {
      ...settings,
      google: { ...settings.google, tokenUrl: "http://127.0.0.1:1/google/token" },
    };

    const body = await (await signOut("google")).json();
    expect(body).toMatchObject({ revocation: "failed" });
    expect(body.message).toContain("https://myaccount.google.com/permissions");
    expect(await ctx.db.select().from(oauthGrants)).toHaveLength(0);
    expect(ctx.logLines.join("")).toContain("oauth revocation failed");
  });

  it("answers 404 for an unknown provider or no sign-in, and 401 without the API token", async () => {
    expect((await signOut("yahoo")).status).toBe(404);
    expect((await signOut("microsoft")).status).toBe(404);
    const anonymous = await app.request("/api/v1/oauth/microsoft", { method: "DELETE" });
    expect(anonymous.status).toBe(401);
  });
});
