/**
 * The provider's token and device-code endpoints (RFC 6749 §4.1.3, §6; RFC 8628). Answers are
 * read defensively: sizes and shapes are checked, tokens never reach a log or an error message.
 */
import { BuzonError } from "../lib/errors.ts";
import type { ProviderClient } from "./providers.ts";

/** A token answer is a few KB (Microsoft's JWTs are the largest); 64 KB bounds a hostile one. */
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;
/** Per request: the providers answer in well under a second. */
const TOKEN_TIMEOUT_MS = 15_000;

export interface TokenSet {
  accessToken: string;
  /** Absent when the provider keeps the old one (Google on refresh). */
  refreshToken: string | null;
  /** Seconds. */
  expiresIn: number;
  scope: string | null;
  /** From the id_token, when the provider sent one. */
  account: string | null;
}

/**
 * The provider said no, with an RFC 6749 §5.2 error code (invalid_grant, ...), or `http_<status>`
 * when its answer carried none (a gateway's error page). `status` is the HTTP status, if any.
 */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly status?: number,
  ) {
    super(`oauth provider error: ${error}`);
    this.name = "OAuthError";
  }
}

/** Codes after which only the user signing in again helps. */
const SIGN_IN_AGAIN = new Set([
  "invalid_grant",
  "interaction_required",
  "consent_required",
  "login_required",
]);

export const needsSignIn = (error: unknown) =>
  error instanceof OAuthError && SIGN_IN_AGAIN.has(error.error);

/**
 * RFC 6749 §5.2 `invalid_client`: the provider refused Buzón's own app registration, not the
 * user's grant. Microsoft answers it for an expired secret (AADSTS7000222; secrets live at most
 * 24 months) or a wrong one (AADSTS7000215), Google for a wrong or deleted client. Only the
 * operator can fix it; the user's refresh token stays good meanwhile.
 */
export const isClientRejected = (error: unknown) =>
  error instanceof OAuthError && error.error === "invalid_client";

/** The JSON object answered, or null for anything else (a gateway's HTML error page, say). */
async function readBody(res: Response): Promise<Record<string, unknown> | null> {
  const text = await res.text();
  if (text.length > MAX_TOKEN_RESPONSE_BYTES) throw new BuzonError("LIMIT");
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === "object" && body !== null) return body as Record<string, unknown>;
  } catch {
    // Not JSON.
  }
  return null;
}

export async function postForm(
  url: string,
  form: Record<string, string>,
): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(form),
      redirect: "error",
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
  } catch (cause) {
    const timeout = (cause as Error).name === "TimeoutError";
    const message = "No fue posible comunicarse con el proveedor de inicio de sesión.";
    throw new BuzonError(timeout ? "TIMEOUT" : "CONNECTION", message, { cause });
  }
  const body = await readBody(res);
  // An error status keeps its code even behind an HTML page: a 5xx there is the provider's
  // outage (temporary), not a malformed answer.
  if (!res.ok || typeof body?.error === "string") {
    const error = typeof body?.error === "string" ? body.error : `http_${res.status}`;
    throw new OAuthError(error, res.status);
  }
  if (!body) {
    throw new BuzonError("PROTOCOL", "El proveedor de inicio de sesión respondió algo inesperado.");
  }
  return body;
}

/** The name in an id_token's payload. Not verified: it came over TLS straight from the token
 * endpoint (OpenID Connect Core §3.1.3.7) and only labels the grant for people. */
function accountOf(idToken: unknown): string | null {
  if (typeof idToken !== "string") return null;
  try {
    const payload = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString());
    const name = payload.email ?? payload.preferred_username ?? payload.upn;
    return typeof name === "string" && name.length <= 320 ? name : null;
  } catch {
    return null;
  }
}

function toTokenSet(body: Record<string, unknown>): TokenSet {
  const { access_token, refresh_token, expires_in, scope, id_token } = body;
  if (typeof access_token !== "string" || access_token === "") {
    throw new BuzonError("PROTOCOL", "El proveedor de inicio de sesión no entregó un token.");
  }
  const seconds = Number(expires_in);
  return {
    accessToken: access_token,
    refreshToken: typeof refresh_token === "string" && refresh_token ? refresh_token : null,
    expiresIn: Number.isFinite(seconds) && seconds > 0 ? seconds : 3600,
    scope: typeof scope === "string" ? scope : null,
    account: accountOf(id_token),
  };
}

const clientAuth = (client: ProviderClient) => ({
  client_id: client.clientId,
  ...(client.clientSecret ? { client_secret: client.clientSecret } : {}),
});

export async function exchangeCode(client: ProviderClient, code: string, verifier: string) {
  const body = await postForm(client.tokenUrl, {
    ...clientAuth(client),
    grant_type: "authorization_code",
    code,
    redirect_uri: client.redirectUri,
    code_verifier: verifier,
  });
  return toTokenSet(body);
}

export async function refreshTokens(client: ProviderClient, refreshToken: string) {
  const body = await postForm(client.tokenUrl, {
    ...clientAuth(client),
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    // Microsoft's v2 endpoint issues tokens for the scopes named on each refresh; Google keeps
    // the granted ones and needs none.
    ...(client.id === "microsoft" ? { scope: client.scope } : {}),
  });
  return toTokenSet(body);
}

/**
 * RFC 7009: asks the provider to end the grant the refresh token belongs to. Google's endpoint
 * takes the token alone (no client authentication) and answers 400 `invalid_token` for one that
 * is already revoked or expired, where RFC 7009 §2.2 answers 200: either way nothing is left.
 */
export async function revokeToken(client: ProviderClient, refreshToken: string): Promise<void> {
  try {
    await postForm(client.revokeUrl!, { token: refreshToken });
  } catch (error) {
    if (error instanceof OAuthError && error.error === "invalid_token") return;
    throw error;
  }
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  expiresIn: number;
  interval: number;
  message: string | null;
}

/** RFC 8628 §3.1–3.2. */
export async function requestDeviceCode(client: ProviderClient): Promise<DeviceAuthorization> {
  const body = await postForm(client.deviceCodeUrl!, {
    client_id: client.clientId,
    scope: client.scope,
  });
  const { device_code, user_code, verification_uri, expires_in, interval, message } = body;
  if (typeof device_code !== "string" || typeof user_code !== "string") {
    throw new BuzonError("PROTOCOL", "El proveedor de inicio de sesión no entregó un código.");
  }
  return {
    deviceCode: device_code,
    userCode: user_code,
    verificationUri: typeof verification_uri === "string" ? verification_uri : "",
    expiresIn: Number(expires_in) || 900,
    interval: Math.max(1, Number(interval) || 5),
    message: typeof message === "string" ? message : null,
  };
}

/** RFC 8628 §3.4: null while the user has not finished (authorization_pending, slow_down). */
export async function pollDeviceCode(client: ProviderClient, deviceCode: string) {
  try {
    const body = await postForm(client.tokenUrl, {
      client_id: client.clientId,
      grant_type: "urn:ietf:params:oauth:grant-type:device_code",
      device_code: deviceCode,
    });
    return toTokenSet(body);
  } catch (error) {
    const pending = ["authorization_pending", "slow_down"];
    if (error instanceof OAuthError && pending.includes(error.error)) return null;
    throw error;
  }
}
