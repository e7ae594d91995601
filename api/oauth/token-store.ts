/**
 * A company's OAuth grant in the database: the refresh token sealed, the access token cached
 * (sealed too) until shortly before it expires. Refreshing takes a lease on the grant's row, so
 * two processes never spend one refresh token at once (Microsoft rotates them: the loser would
 * hold a spent one); the rotated token, the new access token and the lease's release are one
 * UPDATE, guarded by the lease holder.
 */
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import type { AppContext } from "../context.ts";
import { recordAudit } from "../security/audit.ts";
import { mailboxes, oauthGrants } from "../db/schema.ts";
import { BuzonError } from "../lib/errors.ts";
import { clientRejected, markClientRejected } from "./client-rejected.ts";
import {
  clientUnauthorized,
  isClientUnauthorized,
  isProviderUnavailable,
  markClientUnauthorized,
  providerUnavailable,
  refreshRefused,
} from "./provider-errors.ts";
import { markNeedsSignIn } from "./sign-in-alerts.ts";
import { providerClient, type OAuthProviderId } from "./providers.ts";
import {
  isClientRejected,
  needsSignIn,
  OAuthError,
  refreshTokens,
  type TokenSet,
} from "./token-endpoint.ts";

export type GrantRow = typeof oauthGrants.$inferSelect;

/** An access token this close to its end is refreshed first: a run must not outlive it. */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** Longer than a token request can take (15 s timeout), short enough after a crash. */
const REFRESH_LEASE_MS = 30_000;
const WAIT_STEP_MS = 100;

export const SIGN_IN_REQUIRED =
  "Hay que volver a iniciar sesión con la cuenta del correo de recepción: el proveedor ya no " +
  "acepta el permiso que Buzón tenía. Abre la extensión de Buzón y pulsa «Iniciar sesión».";

/** No grant at all: never signed in, or signed out. */
export const NOT_SIGNED_IN =
  "No hay una sesión iniciada con la cuenta del correo de recepción. Abre la extensión de Buzón " +
  "y pulsa «Iniciar sesión».";

export function signInRequired(provider: string, message = SIGN_IN_REQUIRED): BuzonError {
  return new BuzonError("AUTH_FAILED", message, {
    details: { reason: "NEEDS_SIGNIN", provider },
  });
}

export const isSignInRequired = (error: unknown) =>
  error instanceof BuzonError && error.details?.reason === "NEEDS_SIGNIN";

export async function findGrant(ctx: AppContext, companyId: number): Promise<GrantRow | null> {
  const rows = await ctx.db.select().from(oauthGrants).where(eq(oauthGrants.companyId, companyId));
  return rows[0] ?? null;
}

/** Keeps a new sign-in's tokens (replacing any earlier grant of the company) and re-arms alerts. */
export async function saveGrant(
  ctx: AppContext,
  companyId: number,
  provider: OAuthProviderId,
  tokens: TokenSet,
  options: { account: string | null; publicClient: boolean },
): Promise<GrantRow> {
  if (!tokens.refreshToken) {
    throw new BuzonError(
      "PROTOCOL",
      "El proveedor no entregó un permiso duradero (refresh token).",
    );
  }
  const now = ctx.now();
  const values = {
    companyId,
    provider,
    account: tokens.account ?? options.account,
    refreshTokenEnc: await ctx.secrets.seal(tokens.refreshToken),
    accessTokenEnc: await ctx.secrets.seal(tokens.accessToken),
    accessExpiresAt: now.getTime() + tokens.expiresIn * 1000,
    scope: tokens.scope,
    publicClient: options.publicClient,
    status: "active",
    refreshedAt: now.toISOString(),
    generation: 1,
    refreshHolder: null,
    refreshLeaseUntil: null,
    lastErrorCode: null,
    alertsSent: "",
    updatedAt: now.toISOString(),
  };
  const [row] = await ctx.db
    .insert(oauthGrants)
    .values(values)
    .onConflictDoUpdate({ target: oauthGrants.companyId, set: values })
    .returning();
  // A mailbox waiting for this sign-in is ready to be tried again.
  await ctx.db
    .update(mailboxes)
    .set({ state: "never", lastErrorCode: null, lastErrorMessage: null })
    .where(and(eq(mailboxes.companyId, companyId), eq(mailboxes.state, "needs_signin")));
  await recordAudit(ctx, {
    companyId,
    actor: `oauth:${provider}`,
    action: "oauth.signed-in",
    detail: { account: values.account },
  });
  return row!;
}

function freshAccess(row: GrantRow, now: number): boolean {
  return !!row.accessTokenEnc && (row.accessExpiresAt ?? 0) - REFRESH_MARGIN_MS > now;
}

async function takeRefreshLease(ctx: AppContext, row: GrantRow, holder: string) {
  const now = ctx.now().getTime();
  const result = await ctx.db
    .update(oauthGrants)
    .set({ refreshHolder: holder, refreshLeaseUntil: now + REFRESH_LEASE_MS })
    .where(
      and(
        eq(oauthGrants.id, row.id),
        eq(oauthGrants.status, "active"),
        or(isNull(oauthGrants.refreshLeaseUntil), lt(oauthGrants.refreshLeaseUntil, now)),
      ),
    );
  return result.rowsAffected === 1;
}

async function releaseLease(ctx: AppContext, id: number, holder: string) {
  await ctx.db
    .update(oauthGrants)
    .set({ refreshHolder: null, refreshLeaseUntil: null })
    .where(and(eq(oauthGrants.id, id), eq(oauthGrants.refreshHolder, holder)));
}

/** New tokens, rotated refresh token and lease release in one statement, only while we hold it. */
async function storeRefreshed(ctx: AppContext, row: GrantRow, holder: string, tokens: TokenSet) {
  const now = ctx.now();
  const refreshTokenEnc = tokens.refreshToken
    ? await ctx.secrets.seal(tokens.refreshToken)
    : row.refreshTokenEnc;
  const result = await ctx.db
    .update(oauthGrants)
    .set({
      refreshTokenEnc,
      accessTokenEnc: await ctx.secrets.seal(tokens.accessToken),
      accessExpiresAt: now.getTime() + tokens.expiresIn * 1000,
      refreshedAt: now.toISOString(),
      generation: sql`${oauthGrants.generation} + 1`,
      refreshHolder: null,
      refreshLeaseUntil: null,
      lastErrorCode: null,
      updatedAt: now.toISOString(),
    })
    .where(and(eq(oauthGrants.id, row.id), eq(oauthGrants.refreshHolder, holder)));
  if (result.rowsAffected !== 1) {
    ctx.logger.warn({ grantId: row.id }, "oauth refresh lease lost before the tokens were stored");
  }
}

async function refreshWithLease(ctx: AppContext, row: GrantRow, holder: string) {
  const client = providerClient(ctx.oauth, row.provider as OAuthProviderId);
  if (!client) {
    await releaseLease(ctx, row.id, holder);
    const message = "El inicio de sesión con este proveedor no está configurado en Buzón.";
    throw new BuzonError("NOT_CONFIGURED", message);
  }
  try {
    const refreshToken = await ctx.secrets.open(row.refreshTokenEnc);
    const tokens = await refreshTokens(
      row.publicClient ? { ...client, clientSecret: null } : client,
      refreshToken,
    );
    await storeRefreshed(ctx, row, holder, tokens);
    ctx.logger.info({ grantId: row.id, rotated: tokens.refreshToken !== null }, "oauth refresh");
    return tokens.accessToken;
  } catch (error) {
    await releaseLease(ctx, row.id, holder);
    if (needsSignIn(error)) {
      await markNeedsSignIn(ctx, row, (error as OAuthError).error);
      throw signInRequired(row.provider);
    }
    // Buzón's own registration, not the user's grant: the grant stays active for when the
    // operator renews the secret.
    if (isClientRejected(error)) {
      await markClientRejected(ctx, row, client.clientId);
      throw clientRejected(client.id);
    }
    if (isClientUnauthorized(error)) {
      await markClientUnauthorized(ctx, row, client.clientId);
      throw clientUnauthorized(client.id, error as OAuthError);
    }
    // A 5xx is the provider's outage: the grant is untouched and the next run tries again.
    if (isProviderUnavailable(error)) {
      const code = (error as OAuthError).error;
      ctx.logger.warn({ grantId: row.id, code }, "oauth provider unavailable during refresh");
      throw providerUnavailable(client.id, "refresh", error as OAuthError);
    }
    if (error instanceof OAuthError) throw refreshRefused(client.id, error);
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A live access token for the company's grant with `provider`, refreshed first when it is about
 * to expire (or when `force`). Another process refreshing right now is waited for.
 */
export async function getAccessToken(
  ctx: AppContext,
  companyId: number,
  provider: OAuthProviderId,
  options: { force?: boolean } = {},
): Promise<string> {
  const holder = `${ctx.instanceId}:${randomBytes(4).toString("hex")}`;
  const started = ctx.now().getTime();
  for (let waited = 0; waited <= REFRESH_LEASE_MS; waited += WAIT_STEP_MS) {
    const row = await findGrant(ctx, companyId);
    if (!row || row.provider !== provider) throw signInRequired(provider, NOT_SIGNED_IN);
    if (row.status !== "active") throw signInRequired(provider);
    const fresh = freshAccess(row, ctx.now().getTime());
    const refreshedSince = Date.parse(row.refreshedAt) >= started;
    if (fresh && (!options.force || refreshedSince)) {
      return ctx.secrets.open(row.accessTokenEnc!);
    }
    if (await takeRefreshLease(ctx, row, holder)) {
      // Read again under the lease: a refresh that ended since the first read rotated the token.
      const current = (await findGrant(ctx, companyId))!;
      if (current.generation !== row.generation && freshAccess(current, ctx.now().getTime())) {
        await releaseLease(ctx, current.id, holder);
        return ctx.secrets.open(current.accessTokenEnc!);
      }
      return refreshWithLease(ctx, current, holder);
    }
    await sleep(WAIT_STEP_MS);
  }
  throw new BuzonError("TIMEOUT", "Otro proceso está renovando el inicio de sesión; reintenta.");
}

/**
 * What a login needs: a live access token, and who it belongs to (the grant's account), which
 * differs from the mailbox when a delegate opens a shared one.
 */
export async function getOAuthLogin(
  ctx: AppContext,
  companyId: number,
  provider: OAuthProviderId,
): Promise<{ accessToken: string; oauthAccount: string | null }> {
  const accessToken = await getAccessToken(ctx, companyId, provider);
  const grant = await findGrant(ctx, companyId);
  return { accessToken, oauthAccount: grant?.account ?? null };
}
