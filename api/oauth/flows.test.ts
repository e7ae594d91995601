import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { companies, oauthGrants } from "../db/schema.ts";
import { createToken } from "../security/tokens.ts";
import { approveDeviceCode, createMailUser, providerCounters } from "../../test/harness/index.ts";
import {
  apiCaller,
  openApi,
  signInThroughApi,
  testOAuthSettings,
} from "../../test/support/oauth-setup.ts";
import { buildContext } from "../../test/support/build-context.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { getAccessToken } from "./token-store.ts";

let ctx: TestContext;
let app: ReturnType<typeof createApp>;
let apiToken: string;
let call: ReturnType<typeof apiCaller>;

beforeEach(async () => {
  ctx = await createTestContext({ smtp: false });
  ctx.oauth = testOAuthSettings();
  ({ app, apiToken, call } = await openApi(ctx));
});
afterEach(() => ctx.dispose());

describe("OAuth providers", () => {
  it("lists both providers enabled when their app registrations are configured", async () => {
    const body = await (await call("GET", "/api/v1/oauth/providers")).json();
    expect(body.providers).toEqual([
      {
        id: "microsoft",
        serverType: "oauth-microsoft",
        enabled: true,
        reason: null,
        deviceCode: true,
      },
      { id: "google", serverType: "oauth-google", enabled: true, reason: null, deviceCode: false },
    ]);
  });

  it("shows a provider without client id (or Google without secret) disabled, with the reason", async () => {
    const settings = testOAuthSettings();
    ctx.oauth = {
      ...settings,
      microsoft: { ...settings.microsoft, clientId: null },
      google: { ...settings.google, clientSecret: null },
    };
    const body = await (await call("GET", "/api/v1/oauth/providers")).json();
    expect(body.providers.map((p: { enabled: boolean }) => p.enabled)).toEqual([false, false]);
    expect(body.providers[0].reason).toContain("BUZON_MS_CLIENT_ID");
    expect(body.providers[1].reason).toContain("BUZON_GOOGLE_CLIENT_SECRET");
    const start = await call("GET", "/api/v1/oauth/microsoft/start");
    expect((await start.json()).error.code).toBe("NOT_CONFIGURED");
  });
});

describe("authorization code with PKCE", () => {
  it("answers the provider's URL with the scopes, an S256 challenge and a state", async () => {
    const res = await call("GET", "/api/v1/oauth/microsoft/start?loginHint=facturas%40empresa.co");
    const { url, state, expiresAt } = await res.json();
    const params = new URL(url).searchParams;
    expect(new URL(url).pathname).toBe("/ms/common/oauth2/v2.0/authorize");
    expect(params.get("scope")).toBe(
      "https://outlook.office.com/IMAP.AccessAsUser.All " +
        "https://outlook.office.com/POP.AccessAsUser.All offline_access",
    );
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get("state")).toBe(state);
    expect(params.get("login_hint")).toBe("facturas@empresa.co");
    expect(params.get("redirect_uri")).toBe(
      "http://localhost:8787/api/v1/oauth/microsoft/callback",
    );
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(10 * 60_000);

    const google = await (await call("GET", "/api/v1/oauth/google/start")).json();
    const gparams = new URL(google.url).searchParams;
    expect(gparams.get("scope")).toBe("https://mail.google.com/");
    expect(gparams.get("access_type")).toBe("offline");
  });

  it("needs the API token to start, but not for the provider's callback", async () => {
    expect((await app.request("/api/v1/oauth/microsoft/start")).status).toBe(401);
    const callback = await app.request("/api/v1/oauth/microsoft/callback?state=nada&code=x");
    expect(callback.status).toBe(400);
    expect(await callback.text()).toContain("No se completó el inicio de sesión");
  });

  it("stores the refresh token sealed and answers done to the company that started", async () => {
    const user = createMailUser("oauth-flow");
    const { state, callback } = await signInThroughApi(app, apiToken, "microsoft", user.user);
    expect(callback.status).toBe(200);
    expect(callback.headers.get("content-security-policy")).toContain("default-src 'none'");

    const [grant] = await ctx.db.select().from(oauthGrants);
    expect(grant).toMatchObject({ provider: "microsoft", account: user.user, status: "active" });
    expect(grant!.refreshTokenEnc).toMatch(/^v1\./);
    expect(await ctx.secrets.open(grant!.refreshTokenEnc)).toMatch(/^rt_/);

    const status = await call("GET", `/api/v1/oauth/microsoft/status?state=${state}`);
    expect(await status.json()).toMatchObject({ status: "done", account: user.user });

    const [other] = await ctx.db.insert(companies).values({}).returning({ id: companies.id });
    const stranger = apiCaller(app, (await createToken(ctx, other!.id, "other")).token);
    const foreign = await stranger("GET", `/api/v1/oauth/microsoft/status?state=${state}`);
    expect(foreign.status).toBe(404);
    expect((await foreign.json()).error.details).toEqual({ reason: "SIGN_IN_NOT_FOUND" });
    const short = await call("GET", "/api/v1/oauth/microsoft/status?state=abc");
    expect(short.status).toBe(400);
    expect(JSON.stringify(await short.json())).toContain("muy corto");
    const twice = await call("GET", `/api/v1/oauth/microsoft/status?state=${state}&state=${state}`);
    expect(twice.status).toBe(400);
    expect(JSON.stringify(await twice.json())).toContain("una sola vez");
    const none = await call("GET", "/api/v1/oauth/microsoft/status");
    expect(JSON.stringify(await none.json())).toContain("Falta «state»");
  });

  it("refuses a replayed callback and a state past its minutes", async () => {
    const user = createMailUser("oauth-replay");
    const first = await signInThroughApi(app, apiToken, "microsoft", user.user);
    expect(first.callback.status).toBe(200);
    const replay = await app.request(first.callbackPath);
    expect(replay.status).toBe(400);
    expect((await providerCounters(user.user)).liveGrants).toBe(1);

    const start = await (
      await call("GET", `/api/v1/oauth/google/start?loginHint=${user.user}`)
    ).json();
    ctx.setNow(new Date(Date.now() + 11 * 60_000));
    const redirect = await fetch(start.url, { redirect: "manual" });
    const back = new URL(redirect.headers.get("location")!);
    const late = await app.request(`${back.pathname}${back.search}`);
    expect(late.status).toBe(400);
    const status = await call("GET", `/api/v1/oauth/google/status?state=${start.state}`);
    expect(await status.json()).toMatchObject({ status: "failed", code: "expired" });
  });

  it("sends the browser back to an extension's launchWebAuthFlow page, and no other", async () => {
    const bad = await call(
      "GET",
      "/api/v1/oauth/microsoft/start?returnTo=https%3A%2F%2Fevil.example%2F",
    );
    expect(bad.status).toBe(400);

    const user = createMailUser("oauth-return");
    const returnTo = "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/buzon";
    const q = `loginHint=${user.user}&returnTo=${encodeURIComponent(returnTo)}`;
    const { url, state } = await (await call("GET", `/api/v1/oauth/microsoft/start?${q}`)).json();
    const redirect = await fetch(url, { redirect: "manual" });
    const back = new URL(redirect.headers.get("location")!);
    const callback = await app.request(`${back.pathname}${back.search}`);
    expect(callback.status).toBe(302);
    const landing = new URL(callback.headers.get("location")!);
    expect(`${landing.origin}${landing.pathname}`).toBe(returnTo);
    expect(landing.searchParams.get("state")).toBe(state);
    expect(landing.searchParams.get("status")).toBe("done");
    expect(landing.search).not.toContain("code=");
  });
});

describe("device code (Microsoft)", () => {
  it("answers a code to type, stays pending until the user signs in, then keeps the grant", async () => {
    const user = createMailUser("oauth-device");
    const res = await call("POST", "/api/v1/oauth/microsoft/device");
    expect(res.status).toBe(201);
    const device = await res.json();
    expect(device).toMatchObject({ userCode: expect.any(String), interval: 1 });
    expect(device.verificationUri).toContain("devicelogin");

    const poll = async () =>
      (await call("GET", `/api/v1/oauth/microsoft/status?state=${device.state}`)).json();
    expect(await poll()).toMatchObject({ status: "pending" });

    await approveDeviceCode(device.userCode, user.user);
    ctx.setNow(new Date(Date.now() + 2_000));
    expect(await poll()).toMatchObject({ status: "done", account: user.user });
    const [grant] = await ctx.db.select().from(oauthGrants);
    expect(grant).toMatchObject({ publicClient: true, status: "active" });

    expect((await call("POST", "/api/v1/oauth/google/device")).status).toBe(400);
  });
});

describe("refresh", () => {
  it("lets only one of two processes refresh a token; the other uses its result", async () => {
    const user = createMailUser("oauth-race");
    await signInThroughApi(app, apiToken, "microsoft", user.user);
    const [grant] = await ctx.db.select().from(oauthGrants);
    // A second process over the same database, with its own connection.
    const second = await buildContext(ctx.spec);
    second.oauth = testOAuthSettings();
    try {
      await ctx.db
        .update(oauthGrants)
        .set({ accessExpiresAt: 0 })
        .where(eq(oauthGrants.id, grant!.id));
      const tokens = await Promise.all([
        getAccessToken(ctx, grant!.companyId, "microsoft"),
        getAccessToken(second, grant!.companyId, "microsoft"),
        getAccessToken(ctx, grant!.companyId, "microsoft"),
      ]);
      expect(new Set(tokens).size).toBe(1);
      expect((await providerCounters(user.user)).refreshes).toBe(1);
      const [after] = await ctx.db.select().from(oauthGrants);
      expect(after).toMatchObject({ generation: 2, refreshHolder: null, status: "active" });
    } finally {
      second.close();
    }
  });
});
