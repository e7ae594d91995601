/**
 * Sign-out: Buzón forgets the company's OAuth grant. Where the provider can end the grant
 * (Google, RFC 7009) it is revoked there first; then the row holding both sealed tokens is
 * deleted and the mailbox waits for a new sign-in (`needs_signin`), so runs stop asking the
 * provider for tokens and the mail server for a login.
 */
import { and, eq } from "drizzle-orm";
import type { AppContext } from "../context.ts";
import { mailboxes, oauthGrants } from "../db/schema.ts";
import { BuzonError } from "../lib/errors.ts";
import { recordAudit } from "../security/audit.ts";
import { providerClient, SERVER_TYPE_OF, type OAuthProviderId } from "./providers.ts";
import { OAuthError, revokeToken } from "./token-endpoint.ts";
import { findGrant, type GrantRow } from "./token-store.ts";

/** What the provider did with the grant: ended it, cannot be asked (Microsoft), or failed. */
export type Revocation = "revoked" | "not_supported" | "failed";

export interface SignOutResult {
  provider: OAuthProviderId;
  account: string | null;
  revocation: Revocation;
  /** Spanish, for the popup. */
  message: string;
}

const STOPPED = "Buzón no leerá el buzón hasta que alguien vuelva a iniciar sesión.";

const MESSAGES: Record<Revocation, string> = {
  revoked: `Sesión cerrada: Google anuló el permiso y Buzón borró sus tokens. ${STOPPED}`,
  not_supported:
    "Sesión cerrada: Buzón borró sus tokens. Microsoft no permite que una aplicación anule su " +
    "propio permiso; para retirarlo también allá, usa https://myapps.microsoft.com (cuentas de " +
    "trabajo) o https://account.live.com/consent/Manage (cuentas personales). " +
    STOPPED,
  failed:
    "Sesión cerrada: Buzón borró sus tokens, pero no pudo pedir a Google que anulara el permiso; " +
    "retíralo en https://myaccount.google.com/permissions. " +
    STOPPED,
};

/** The mailbox's message while it waits for a new sign-in after a sign-out. */
export const SIGNED_OUT =
  "Se cerró la sesión de la cuenta del correo de recepción. Abre la extensión de Buzón y " +
  "pulsa «Iniciar sesión» para volver a recibir facturas.";

async function revokeAtProvider(ctx: AppContext, grant: GrantRow): Promise<Revocation> {
  const provider = grant.provider as OAuthProviderId;
  const client = providerClient(ctx.oauth, provider);
  // Microsoft has no revocation endpoint (see providers.ts); Google's needs the configured client.
  if (!client?.revokeUrl) return provider === "microsoft" ? "not_supported" : "failed";
  try {
    await revokeToken(client, await ctx.secrets.open(grant.refreshTokenEnc));
    return "revoked";
  } catch (error) {
    const code = error instanceof OAuthError ? error.error : (error as BuzonError).code;
    ctx.logger.warn({ grantId: grant.id, code }, "oauth revocation failed");
    return "failed";
  }
}

/** Forgets the company's grant with `provider`; NOT_FOUND when there is none. */
export async function signOut(
  ctx: AppContext,
  companyId: number,
  provider: OAuthProviderId,
  actor: string,
): Promise<SignOutResult> {
  const grant = await findGrant(ctx, companyId);
  if (!grant || grant.provider !== provider) {
    throw new BuzonError("NOT_FOUND", "No hay una sesión iniciada con ese proveedor.", {
      details: { reason: "NOT_SIGNED_IN" },
    });
  }

  const revocation = await revokeAtProvider(ctx, grant);
  // Deleted whatever the provider said: the user asked Buzón to forget the tokens.
  await ctx.db.delete(oauthGrants).where(eq(oauthGrants.id, grant.id));
  await ctx.db
    .update(mailboxes)
    .set({ state: "needs_signin", lastErrorCode: "AUTH_FAILED", lastErrorMessage: SIGNED_OUT })
    .where(
      and(eq(mailboxes.companyId, companyId), eq(mailboxes.serverType, SERVER_TYPE_OF[provider])),
    );

  await recordAudit(ctx, {
    companyId,
    actor,
    action: "oauth.signed-out",
    detail: { provider, account: grant.account, revocation },
  });
  ctx.logger.info({ companyId, grantId: grant.id, revocation }, "oauth signed out");
  return { provider, account: grant.account, revocation, message: MESSAGES[revocation] };
}
