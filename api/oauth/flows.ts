/**
 * Sign-in flows, run by the API. Authorization code with PKCE: `startSignIn` answers the provider's
 * URL with a `state` bound to the company; the provider sends the browser to the callback, which
 * exchanges the code and keeps the grant. Device code (Microsoft, RFC 8628): the user types a code
 * on Microsoft's page while the extension polls `readFlowStatus`. A flow lives FLOW_TTL_MS.
 */
import { and, eq, lt } from "drizzle-orm";
import { createHash, randomBytes } from "node:crypto";
import type { AppContext } from "../context.ts";
import { oauthFlows } from "../db/schema.ts";
import { BuzonError } from "../lib/errors.ts";
import { CLIENT_REJECTED_CODE, clientRejectedMessage } from "./client-rejected.ts";
import { challengeOf, createVerifier } from "./pkce.ts";
import {
  deviceCodeRefused,
  isProviderUnavailable,
  providerUnavailable,
} from "./provider-errors.ts";
import { providerClient, type OAuthProviderId, type ProviderClient } from "./providers.ts";
import {
  exchangeCode,
  OAuthError,
  pollDeviceCode,
  requestDeviceCode,
  type TokenSet,
} from "./token-endpoint.ts";
import { saveGrant } from "./token-store.ts";

/** Long enough to type a password and pass MFA; short enough that a leaked state is stale. */
export const FLOW_TTL_MS = 10 * 60_000;

/** Only an extension's own redirect pages (identity.launchWebAuthFlow) may be sent back to. */
const RETURN_TO = /^https:\/\/[a-z0-9-]{1,64}\.(chromiumapp\.org|extensions\.allizom\.org)\/\S*$/;

type FlowRow = typeof oauthFlows.$inferSelect;

export interface FlowStatus {
  state: string;
  provider: OAuthProviderId;
  status: "pending" | "done" | "failed";
  account: string | null;
  code: string | null;
  message: string;
}

const hashState = (state: string) => createHash("sha256").update(state).digest("hex");

function requireClient(ctx: AppContext, provider: OAuthProviderId): ProviderClient {
  const client = providerClient(ctx.oauth, provider);
  if (!client) {
    const message = "El inicio de sesión con este proveedor no está configurado en Buzón.";
    throw new BuzonError("NOT_CONFIGURED", message);
  }
  return client;
}

async function insertFlow(
  ctx: AppContext,
  values: Omit<typeof oauthFlows.$inferInsert, "stateHash">,
) {
  const now = ctx.now().getTime();
  // Old flows are only clutter: each start sweeps the expired ones.
  await ctx.db.delete(oauthFlows).where(lt(oauthFlows.expiresAt, now - FLOW_TTL_MS));
  const state = randomBytes(24).toString("base64url");
  await ctx.db.insert(oauthFlows).values({ ...values, stateHash: hashState(state) });
  return state;
}

export interface SignInStart {
  url: string;
  state: string;
  expiresAt: string;
}

export async function startSignIn(
  ctx: AppContext,
  companyId: number,
  provider: OAuthProviderId,
  options: { loginHint?: string | null; returnTo?: string | null } = {},
): Promise<SignInStart> {
  const client = requireClient(ctx, provider);
  if (options.returnTo && !RETURN_TO.test(options.returnTo)) {
    throw new BuzonError(
      "INVALID_INPUT",
      "«returnTo» debe ser la página de retorno de la extensión.",
    );
  }
  const verifier = createVerifier();
  const expiresAt = ctx.now().getTime() + FLOW_TTL_MS;
  const state = await insertFlow(ctx, {
    companyId,
    provider,
    kind: "code",
    secretEnc: await ctx.secrets.seal(verifier),
    loginHint: options.loginHint ?? null,
    returnTo: options.returnTo ?? null,
    expiresAt,
  });

  const url = new URL(client.authorizeUrl);
  const params = {
    client_id: client.clientId,
    response_type: "code",
    redirect_uri: client.redirectUri,
    scope: client.scope,
    state,
    code_challenge: challengeOf(verifier),
    code_challenge_method: "S256",
    ...client.authorizeParams,
    ...(options.loginHint ? { login_hint: options.loginHint } : {}),
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return { url: url.toString(), state, expiresAt: new Date(expiresAt).toISOString() };
}

async function findFlow(ctx: AppContext, state: string): Promise<FlowRow | null> {
  const rows = await ctx.db
    .select()
    .from(oauthFlows)
    .where(eq(oauthFlows.stateHash, hashState(state)));
  return rows[0] ?? null;
}

async function finishFlow(ctx: AppContext, flow: FlowRow, outcome: Partial<FlowRow>) {
  // Only a pending flow finishes, once: a replayed callback finds it done.
  const result = await ctx.db
    .update(oauthFlows)
    .set(outcome)
    .where(and(eq(oauthFlows.id, flow.id), eq(oauthFlows.status, "pending")));
  return result.rowsAffected === 1;
}

async function keepTokens(ctx: AppContext, flow: FlowRow, tokens: TokenSet, publicClient: boolean) {
  const provider = flow.provider as OAuthProviderId;
  const grant = await saveGrant(ctx, flow.companyId, provider, tokens, {
    account: flow.loginHint,
    publicClient,
  });
  await finishFlow(ctx, flow, { status: "done", account: grant.account });
  ctx.logger.info({ companyId: flow.companyId, provider }, "oauth sign-in completed");
}

async function failFlow(ctx: AppContext, flow: FlowRow, error: unknown) {
  const code = error instanceof OAuthError ? error.error : ((error as BuzonError).code ?? "error");
  await finishFlow(ctx, flow, { status: "failed", errorCode: code.slice(0, 64) });
  // invalid_client: the app registration itself (an expired secret), for the operator to fix.
  const level = code === "invalid_client" ? "error" : "warn";
  ctx.logger[level]({ companyId: flow.companyId, code }, "oauth sign-in failed");
}

export interface CallbackResult {
  ok: boolean;
  provider: OAuthProviderId;
  state: string | null;
  returnTo: string | null;
}

/** The provider's redirect: `code` (or `error`) and the `state` that names the flow. */
export async function completeCallback(
  ctx: AppContext,
  provider: OAuthProviderId,
  query: { code?: string; state?: string; error?: string },
): Promise<CallbackResult> {
  const flow = query.state ? await findFlow(ctx, query.state) : null;
  const usable =
    flow &&
    flow.provider === provider &&
    flow.kind === "code" &&
    flow.status === "pending" &&
    flow.expiresAt > ctx.now().getTime();
  if (!usable) return { ok: false, provider, state: null, returnTo: null };

  const result = { provider, state: query.state!, returnTo: flow.returnTo };
  try {
    if (query.error || !query.code) throw new OAuthError(query.error ?? "missing_code");
    const verifier = await ctx.secrets.open(flow.secretEnc);
    const tokens = await exchangeCode(requireClient(ctx, provider), query.code, verifier);
    await keepTokens(ctx, flow, tokens, false);
    return { ...result, ok: true };
  } catch (error) {
    await failFlow(ctx, flow, error);
    return { ...result, ok: false };
  }
}

export interface DeviceStart {
  state: string;
  userCode: string;
  verificationUri: string;
  expiresAt: string;
  interval: number;
  message: string | null;
}

/** The provider's refusal to hand out a device code, in Buzón's vocabulary (never a bare 500). */
function deviceStartError(ctx: AppContext, provider: OAuthProviderId, error: unknown): unknown {
  if (!(error instanceof OAuthError)) return error;
  ctx.logger.warn({ provider, code: error.error, status: error.status }, "device code refused");
  return isProviderUnavailable(error)
    ? providerUnavailable(provider, "device", error)
    : deviceCodeRefused(provider, error);
}

export async function startDeviceSignIn(
  ctx: AppContext,
  companyId: number,
  provider: OAuthProviderId,
): Promise<DeviceStart> {
  const client = requireClient(ctx, provider);
  if (!client.deviceCodeUrl) {
    throw new BuzonError("INVALID_INPUT", "Este proveedor no ofrece inicio de sesión con código.");
  }
  const device = await requestDeviceCode(client).catch((error: unknown) => {
    throw deviceStartError(ctx, client.id, error);
  });
  const expiresAt = ctx.now().getTime() + Math.min(device.expiresIn * 1000, FLOW_TTL_MS * 2);
  const state = await insertFlow(ctx, {
    companyId,
    provider,
    kind: "device",
    secretEnc: await ctx.secrets.seal(device.deviceCode),
    pollInterval: device.interval,
    expiresAt,
  });
  const { userCode, verificationUri, interval, message } = device;
  return {
    state,
    userCode,
    verificationUri,
    expiresAt: new Date(expiresAt).toISOString(),
    interval,
    message,
  };
}

/** Asks the provider at most once per its interval (RFC 8628 §3.5). */
async function pollDevice(ctx: AppContext, flow: FlowRow): Promise<void> {
  const now = ctx.now().getTime();
  if (flow.polledAt && now - flow.polledAt < (flow.pollInterval ?? 5) * 1000) return;
  await ctx.db.update(oauthFlows).set({ polledAt: now }).where(eq(oauthFlows.id, flow.id));
  const client = requireClient(ctx, flow.provider as OAuthProviderId);
  try {
    const tokens = await pollDeviceCode(
      { ...client, clientSecret: null },
      await ctx.secrets.open(flow.secretEnc),
    );
    if (tokens) await keepTokens(ctx, flow, tokens, true);
  } catch (error) {
    // The provider's outage does not end the flow: the next poll asks again.
    if (isProviderUnavailable(error)) {
      ctx.logger.warn({ companyId: flow.companyId }, "device code poll: provider unavailable");
      return;
    }
    await failFlow(ctx, flow, error);
  }
}

const MESSAGES = {
  pending: "Esperando que termines de iniciar sesión en la página del proveedor.",
  done: "Listo: Buzón quedó conectado con la cuenta. Ya puedes guardar y probar la conexión.",
  failed: "No se completó el inicio de sesión. Inténtalo de nuevo.",
  expired: "El inicio de sesión tardó demasiado y venció. Inténtalo de nuevo.",
};

/** What the extension polls; the flow must belong to the asking company. */
export async function readFlowStatus(
  ctx: AppContext,
  companyId: number,
  provider: OAuthProviderId,
  state: string,
): Promise<FlowStatus> {
  let flow = await findFlow(ctx, state);
  if (!flow || flow.companyId !== companyId || flow.provider !== provider) {
    throw new BuzonError("NOT_FOUND", "No se encontró ese inicio de sesión.", {
      details: { reason: "SIGN_IN_NOT_FOUND" },
    });
  }
  const expired = flow.expiresAt <= ctx.now().getTime();
  if (flow.kind === "device" && flow.status === "pending" && !expired) {
    await pollDevice(ctx, flow);
    flow = (await findFlow(ctx, state))!;
  }
  const status = flow.status as FlowStatus["status"];
  const timedOut = status === "pending" && expired;
  const base = { state, provider, status: timedOut ? "failed" : status, account: flow.account };
  if (timedOut) return { ...base, code: "expired", message: MESSAGES.expired };
  if (flow.errorCode === "invalid_client") {
    return { ...base, code: CLIENT_REJECTED_CODE, message: clientRejectedMessage(provider) };
  }
  return { ...base, code: flow.errorCode, message: MESSAGES[status] };
}
