/** OAuth settings pointing at the harness's provider, and a sign-in walked through the API. */
import { expect } from "vitest";
import { createApp } from "../../api/app.ts";
import type { AppContext } from "../../api/context.ts";
import { bootstrapCompany } from "../../api/security/tokens.ts";
import type { OAuthSettings } from "../../api/oauth/providers.ts";
import { mailServers, oauthServer } from "../harness/index.ts";

/** Never contacted: the provider redirects there and the test hands the path to the app. */
export const TEST_PUBLIC_URL = "http://localhost:8787";

export function testOAuthSettings(): OAuthSettings {
  const url = oauthServer().url;
  return {
    publicUrl: TEST_PUBLIC_URL,
    microsoft: {
      clientId: "buzon-test-ms",
      clientSecret: "buzon-test-ms-secret",
      tenant: "common",
      authority: `${url}/ms`,
    },
    google: {
      clientId: "buzon-test-google",
      clientSecret: "buzon-test-google-secret",
      authUrl: `${url}/google/authorize`,
      tokenUrl: `${url}/google/token`,
    },
  };
}

type App = ReturnType<typeof createApp>;

export function apiCaller(app: App, token: string) {
  return (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

/** The app over a context, its first company's API token, and a caller that sends it. */
export async function openApi(ctx: AppContext) {
  const app = createApp(ctx);
  const apiToken = (await bootstrapCompany(ctx))!.token;
  return { app, apiToken, call: apiCaller(app, apiToken) };
}

/**
 * Starts the context's clock now and answers `later(hours)`, which moves it on: access tokens
 * last an hour, so a run `later(2)` has to refresh.
 */
export function startClock(ctx: { setNow(date: Date): void }): (hours: number) => void {
  let clock = Date.now();
  ctx.setNow(new Date(clock));
  return (hours) => {
    clock += hours * 3_600_000;
    ctx.setNow(new Date(clock));
  };
}

/**
 * What the extension and the user's browser do: start, follow the provider's sign-in page (the
 * test provider signs in `loginHint` at once), land on the callback, poll the status.
 */
export async function signInThroughApi(
  app: App,
  token: string,
  provider: "microsoft" | "google",
  loginHint: string,
): Promise<{ state: string; callback: Response; callbackPath: string }> {
  const call = apiCaller(app, token);
  const hint = encodeURIComponent(loginHint);
  const start = await call("GET", `/api/v1/oauth/${provider}/start?loginHint=${hint}`);
  expect(start.status).toBe(200);
  const { url, state } = (await start.json()) as { url: string; state: string };

  const redirect = await fetch(url, { redirect: "manual" });
  expect(redirect.status).toBe(302);
  const back = new URL(redirect.headers.get("location")!);
  expect(back.origin).toBe(TEST_PUBLIC_URL);
  // The browser, without Buzón's token.
  const callbackPath = `${back.pathname}${back.search}`;
  const callback = await app.request(callbackPath);
  return { state, callback, callbackPath };
}

/** Signs `username` in with Microsoft through the API and saves its IMAPS mailbox, as the popup does. */
export async function signInAndSaveMicrosoftImap(
  app: App,
  token: string,
  username: string,
  notificationEmail: string,
): Promise<void> {
  const signedIn = await signInThroughApi(app, token, "microsoft", username);
  expect(signedIn.callback.status).toBe(200);
  const servers = mailServers();
  const saved = await apiCaller(app, token)("PUT", "/api/v1/reception-config", {
    serverType: "oauth-microsoft",
    protocol: "imap",
    host: servers.host,
    port: servers.imapsPort,
    security: "ssl",
    username,
    notificationEmail,
    tlsCa: servers.caPem,
  });
  expect(saved.status).toBe(201);
}
