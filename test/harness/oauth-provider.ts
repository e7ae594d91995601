/**
 * A local OAuth 2.0 provider standing in for Microsoft and Google at their authorization, token
 * and device-code endpoints, and for Dovecot's token introspection (RFC 7662). One server, two
 * personalities chosen by the path prefix: `/ms/<tenant>/oauth2/v2.0/...` rotates refresh tokens
 * as Microsoft does; `/google/...` keeps them as Google does.
 *
 * It signs in whoever the authorization request names in `login_hint`, without a page: tests
 * follow the redirect by hand. Tests steer it through `/_test/*` (expire, revoke, approve a device
 * code, register a client's secret, read counters). Everything lives in memory and on 127.0.0.1.
 *
 * It also stands in for Exchange's mailbox permissions (mailbox-permissions.ts): who has Full
 * Access to a shared mailbox, which Dovecot's Lua passdb asks about delegated logins.
 *
 * Client authentication (RFC 6749 §2.3.1): a client id registered through `/_test/client` must
 * send its current secret (in the body or HTTP Basic) or the token endpoint answers 401
 * `invalid_client` (§5.2), as Microsoft does for an expired or wrong secret and Google for a
 * deleted or wrong one. A request without any secret passes, as a public client's does (device
 * code grants). Unregistered ids are not checked, so tests that do not care need no setup.
 * Tests can also make the token and device-code endpoints fail for a client (provider-faults.ts).
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { answerMailboxPermission, MailboxPermissions } from "./mailbox-permissions.ts";
import { ProviderFaults } from "./provider-faults.ts";

type Flavor = "ms" | "google";

interface Grant {
  user: string;
  flavor: Flavor;
  clientId: string;
  scope: string;
  refreshToken: string;
  revoked: boolean;
}

interface AccessToken {
  user: string;
  expiresAt: number;
  grant: Grant;
}

interface PendingCode {
  user: string;
  flavor: Flavor;
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
}

interface DeviceCode {
  clientId: string;
  scope: string;
  userCode: string;
  user: string | null;
  denied: boolean;
}

export interface OAuthProviderState {
  codes: Map<string, PendingCode>;
  grants: Map<string, Grant>;
  access: Map<string, AccessToken>;
  devices: Map<string, DeviceCode>;
  /** Successful refresh_token grants per user. */
  refreshes: Map<string, number>;
  /** Grants ended through the revocation endpoint, per user. */
  revocations: Map<string, number>;
  /** Seconds an access token lives; tests shorten it. */
  accessSeconds: number;
  /** Registered client ids and their one valid secret. */
  clients: Map<string, string>;
  /** Exchange's side: delegates with Full Access to shared mailboxes. */
  permissions: MailboxPermissions;
  /** What an endpoint answers a client instead (provider-faults.ts). */
  faults: ProviderFaults;
}

const token = (prefix: string) => `${prefix}_${randomBytes(18).toString("base64url")}`;

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

const oauthError = (res: ServerResponse, error: string, status = 400) =>
  send(res, status, { error, error_description: `test provider: ${error}` });

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if ((req.headers["content-type"] ?? "").includes("application/json")) {
    return new URLSearchParams(JSON.parse(text || "{}") as Record<string, string>);
  }
  return new URLSearchParams(text);
}

/** The client's secret from HTTP Basic (RFC 6749 §2.3.1, form-encoded parts) or the body. */
function presentedSecret(req: IncomingMessage, form: URLSearchParams): string | null {
  const basic = /^Basic\s+(\S+)/i.exec(req.headers.authorization ?? "")?.[1];
  if (basic) {
    const [, secret = ""] = Buffer.from(basic, "base64").toString("utf8").split(":");
    return decodeURIComponent(secret);
  }
  return form.get("client_secret");
}

function clientRejected(state: OAuthProviderState, req: IncomingMessage, form: URLSearchParams) {
  const expected = state.clients.get(form.get("client_id") ?? "");
  const secret = presentedSecret(req, form);
  return expected !== undefined && secret !== null && secret !== expected;
}

/** An unsigned JWT (alg "none"): Buzón reads the account name from the token endpoint's answer. */
function idToken(user: string): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "none" })}.${part({ email: user, preferred_username: user })}.`;
}

function issue(state: OAuthProviderState, grant: Grant) {
  const access = token("at");
  state.access.set(access, {
    user: grant.user,
    grant,
    expiresAt: Date.now() + state.accessSeconds * 1000,
  });
  return {
    token_type: "Bearer",
    access_token: access,
    refresh_token: grant.refreshToken,
    expires_in: state.accessSeconds,
    scope: grant.scope,
    id_token: idToken(grant.user),
  };
}

function flavorOf(path: string): Flavor | null {
  if (path.startsWith("/ms/")) return "ms";
  if (path.startsWith("/google/")) return "google";
  return null;
}

function authorize(state: OAuthProviderState, url: URL, flavor: Flavor, res: ServerResponse) {
  const q = url.searchParams;
  const redirect = q.get("redirect_uri");
  const user = q.get("login_hint");
  const challenge = q.get("code_challenge");
  if (!redirect || !q.get("client_id") || q.get("response_type") !== "code") {
    return oauthError(res, "invalid_request");
  }
  const back = new URL(redirect);
  back.searchParams.set("state", q.get("state") ?? "");
  if (!user || !challenge || q.get("code_challenge_method") !== "S256") {
    back.searchParams.set("error", "access_denied");
  } else {
    const code = token("code");
    const scope = q.get("scope") ?? "";
    const clientId = q.get("client_id")!;
    state.codes.set(code, { user, flavor, clientId, redirectUri: redirect, challenge, scope });
    back.searchParams.set("code", code);
  }
  res.writeHead(302, { location: back.toString() });
  res.end();
}

function newGrant(state: OAuthProviderState, base: Omit<Grant, "refreshToken" | "revoked">) {
  const grant: Grant = { ...base, refreshToken: token("rt"), revoked: false };
  state.grants.set(grant.refreshToken, grant);
  return grant;
}

function exchangeCode(state: OAuthProviderState, form: URLSearchParams, res: ServerResponse) {
  const pending = state.codes.get(form.get("code") ?? "");
  state.codes.delete(form.get("code") ?? "");
  const verifier = form.get("code_verifier") ?? "";
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  if (
    !pending ||
    pending.redirectUri !== form.get("redirect_uri") ||
    pending.clientId !== form.get("client_id") ||
    pending.challenge !== challenge
  ) {
    return oauthError(res, "invalid_grant");
  }
  const { user, flavor, clientId, scope } = pending;
  return send(res, 200, issue(state, newGrant(state, { user, flavor, clientId, scope })));
}

function refresh(state: OAuthProviderState, form: URLSearchParams, res: ServerResponse) {
  const grant = state.grants.get(form.get("refresh_token") ?? "");
  if (!grant || grant.revoked || grant.clientId !== form.get("client_id")) {
    return oauthError(res, "invalid_grant");
  }
  state.refreshes.set(grant.user, (state.refreshes.get(grant.user) ?? 0) + 1);
  if (grant.flavor === "google") return send(res, 200, issue(state, grant));

  // Microsoft hands out a new refresh token each time; here the old one stops working at once,
  // so a client that kept the old one is caught.
  grant.revoked = true;
  const { user, flavor, clientId, scope } = grant;
  return send(res, 200, issue(state, newGrant(state, { user, flavor, clientId, scope })));
}

function startDevice(state: OAuthProviderState, form: URLSearchParams, res: ServerResponse) {
  const clientId = form.get("client_id");
  if (!clientId) return oauthError(res, "invalid_request");
  const deviceCode = token("dc");
  const userCode = randomBytes(4).toString("hex").toUpperCase();
  const scope = form.get("scope") ?? "";
  state.devices.set(deviceCode, { clientId, scope, userCode, user: null, denied: false });
  return send(res, 200, {
    device_code: deviceCode,
    user_code: userCode,
    verification_uri: "https://microsoft.com/devicelogin",
    expires_in: 900,
    interval: 1,
    message: `To sign in, enter the code ${userCode}`,
  });
}

function pollDevice(state: OAuthProviderState, form: URLSearchParams, res: ServerResponse) {
  const device = state.devices.get(form.get("device_code") ?? "");
  if (!device) return oauthError(res, "expired_token");
  if (device.denied) return oauthError(res, "authorization_declined");
  if (!device.user) return oauthError(res, "authorization_pending");
  state.devices.delete(form.get("device_code")!);
  const { clientId, scope, user } = device;
  return send(res, 200, issue(state, newGrant(state, { user, flavor: "ms", clientId, scope })));
}

async function tokenEndpoint(state: OAuthProviderState, req: IncomingMessage, res: ServerResponse) {
  const form = await readForm(req);
  if (state.faults.answer("token", form, res)) return;
  if (clientRejected(state, req, form)) return oauthError(res, "invalid_client", 401);
  switch (form.get("grant_type")) {
    case "authorization_code":
      return exchangeCode(state, form, res);
    case "refresh_token":
      return refresh(state, form, res);
    case "urn:ietf:params:oauth:grant-type:device_code":
      return pollDevice(state, form, res);
    default:
      return oauthError(res, "unsupported_grant_type");
  }
}

/**
 * RFC 7009 token revocation, as Google answers it: revoking a refresh token or one of its access
 * tokens ends the whole grant; a token it does not know (or already revoked) gets 400
 * `invalid_token`, where RFC 7009 §2.2 would answer 200. No client authentication, as Google's
 * endpoint takes the token alone.
 */
async function revoke(state: OAuthProviderState, req: IncomingMessage, res: ServerResponse) {
  const form = await readForm(req);
  const value = form.get("token") ?? "";
  const grant = state.grants.get(value) ?? state.access.get(value)?.grant;
  if (!grant || grant.revoked) return oauthError(res, "invalid_token");
  grant.revoked = true;
  state.revocations.set(grant.user, (state.revocations.get(grant.user) ?? 0) + 1);
  return send(res, 200, {});
}

/** RFC 7662, as Dovecot's oauth2 passdb asks with introspection_mode = post. */
async function introspect(state: OAuthProviderState, req: IncomingMessage, res: ServerResponse) {
  const form = await readForm(req);
  const bearer = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? "")?.[1];
  const access = state.access.get(form.get("token") ?? bearer ?? "");
  const live = access && !access.grant.revoked && access.expiresAt > Date.now();
  if (!live) return send(res, 200, { active: false });
  return send(res, 200, { active: true, username: access.user, scope: access.grant.scope });
}

/** Test controls: every action is keyed by user, so parallel test files never meet. */
async function control(state: OAuthProviderState, path: string, req: IncomingMessage) {
  const form = await readForm(req);
  const user = form.get("user") ?? "";
  if (path === "/_test/expire-access") {
    for (const access of state.access.values()) {
      if (access.user === user) access.expiresAt = 0;
    }
  } else if (path === "/_test/revoke") {
    for (const grant of state.grants.values()) if (grant.user === user) grant.revoked = true;
  } else if (path === "/_test/approve-device") {
    for (const device of state.devices.values()) {
      if (device.userCode === form.get("userCode")) device.user = user;
    }
  } else if (path === "/_test/client") {
    // The app registration's secret as the provider knows it; a new one replaces the old, as
    // when the administrator adds a secret and the old one expires or is deleted.
    state.clients.set(form.get("clientId") ?? "", form.get("secret") ?? "");
  } else if (path === "/_test/fault") {
    state.faults.set(form);
  } else if (path === "/_test/mailbox-access") {
    // An Exchange administrator adds or removes `user`'s Full Access to a shared mailbox.
    state.permissions.set(form.get("mailbox") ?? "", user, form.get("rights") ?? "");
  } else if (path === "/_test/issue") {
    // A grant without the browser dance, for ingestion tests that only need tokens.
    const flavor = (form.get("flavor") ?? "ms") as Flavor;
    const clientId = form.get("clientId") ?? "";
    const grant = newGrant(state, { user, flavor, clientId, scope: form.get("scope") ?? "" });
    return issue(state, grant);
  }
  const live = [...state.grants.values()].filter((g) => g.user === user && !g.revoked);
  return {
    refreshes: state.refreshes.get(user) ?? 0,
    revocations: state.revocations.get(user) ?? 0,
    liveGrants: live.length,
  };
}

function handle(state: OAuthProviderState, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const path = url.pathname;
  const flavor = flavorOf(path);
  if (path === "/introspect" && req.method === "POST") return introspect(state, req, res);
  if (path === "/exchange/mailbox-permission" && req.method === "POST") {
    return readForm(req).then((form) => answerMailboxPermission(state.permissions, form, res));
  }
  if (path.startsWith("/_test/") && req.method === "POST") {
    return control(state, path, req).then((body) => send(res, 200, body));
  }
  if (flavor && path.endsWith("/authorize") && req.method === "GET") {
    return authorize(state, url, flavor, res);
  }
  if (flavor && path.endsWith("/token") && req.method === "POST") {
    return tokenEndpoint(state, req, res);
  }
  // Microsoft's identity platform has no revocation endpoint; Google's is /revoke.
  if (flavor === "google" && path.endsWith("/revoke") && req.method === "POST") {
    return revoke(state, req, res);
  }
  if (flavor === "ms" && path.endsWith("/devicecode") && req.method === "POST") {
    return readForm(req).then((form) => {
      if (!state.faults.answer("devicecode", form, res)) startDevice(state, form, res);
    });
  }
  return send(res, 404, { error: "not_found" });
}

export interface OAuthProvider {
  url: string;
  server: Server;
}

export async function startOAuthProvider(port: number): Promise<OAuthProvider> {
  const state: OAuthProviderState = {
    codes: new Map(),
    grants: new Map(),
    access: new Map(),
    devices: new Map(),
    refreshes: new Map(),
    revocations: new Map(),
    accessSeconds: 3600,
    clients: new Map(),
    permissions: new MailboxPermissions(),
    faults: new ProviderFaults(),
  };
  const server = createServer((req, res) => {
    Promise.resolve(handle(state, req, res)).catch(() => oauthError(res, "server_error", 500));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return { url: `http://127.0.0.1:${port}`, server };
}

export function stopOAuthProvider(provider: OAuthProvider): Promise<void> {
  provider.server.closeAllConnections();
  return new Promise((resolve) => provider.server.close(() => resolve()));
}
