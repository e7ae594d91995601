/**
 * The provider refused Buzón's own app registration (RFC 6749 §5.2 `invalid_client`): an expired
 * or wrong client secret, a deleted client. Unlike `invalid_grant` the user's grant is still
 * good and signing in again would not help; only the operator can, by renewing the secret. The
 * grant stays active and keeps `lastErrorCode = invalid_client` until a refresh succeeds (one
 * incident); the first process to mark it logs at error level and mails the notification address.
 */
import { and, eq, isNull, ne, or } from "drizzle-orm";
import type { AppContext } from "../context.ts";
import { oauthGrants } from "../db/schema.ts";
import { BuzonError } from "../lib/errors.ts";
import type { OAuthProviderId } from "./providers.ts";
import { PROVIDER_NAMES, sendMail } from "./sign-in-alerts.ts";
import type { GrantRow } from "./token-store.ts";

/** Stable, for the API, the extension and whoever searches the logs. */
export const CLIENT_REJECTED_CODE = "OAUTH_CLIENT_INVALID";
/** The provider's own code, kept on the grant while the incident lasts. */
const PROVIDER_CODE = "invalid_client";

const RENEWAL: Record<OAuthProviderId, string> = {
  microsoft:
    "crear un secreto nuevo en Microsoft Entra (Registros de aplicaciones → Certificados y " +
    "secretos; duran como máximo 24 meses), ponerlo en BUZON_MS_CLIENT_SECRET y reiniciar Buzón",
  google:
    "renovar el secreto del cliente OAuth en Google Cloud (APIs y servicios → Credenciales), " +
    "ponerlo en BUZON_GOOGLE_CLIENT_SECRET y reiniciar Buzón",
};

/** Spanish, for the popup and the run's message. */
export function clientRejectedMessage(provider: OAuthProviderId): string {
  return (
    `${PROVIDER_NAMES[provider]} rechazó las credenciales de la aplicación Buzón: el secreto de ` +
    `cliente de su registro venció o no es válido. El administrador de Buzón debe ` +
    `${RENEWAL[provider]}. No hace falta volver a iniciar sesión con la cuenta del buzón; la ` +
    `recepción sigue detenida hasta entonces (código ${CLIENT_REJECTED_CODE}).`
  );
}

export function clientRejected(provider: OAuthProviderId): BuzonError {
  return new BuzonError("AUTH_FAILED", clientRejectedMessage(provider), {
    details: { reason: CLIENT_REJECTED_CODE, provider },
  });
}

/** The grant's current incident is the provider refusing the app registration. */
export const isClientRejectedGrant = (grant: GrantRow | null) =>
  grant?.status === "active" && grant.lastErrorCode === PROVIDER_CODE;

function alertLines(provider: OAuthProviderId): string[] {
  const name = PROVIDER_NAMES[provider];
  return [
    `${name} rechazó las credenciales de la aplicación Buzón (${CLIENT_REJECTED_CODE}): el secreto`,
    "de cliente de su registro venció o no es válido. No es un problema de la cuenta {mailbox}:",
    "no hace falta volver a iniciar sesión.",
    `Avisa al administrador de Buzón: debe ${RENEWAL[provider]}.`,
    "Mientras tanto Buzón no recibe las facturas de ese buzón; esperan allí hasta entonces.",
    "",
    `${name} refused Buzón's app registration (invalid_client): its client secret expired or is`,
    "wrong. The Buzón administrator must renew it; the mailbox user need not sign in again.",
  ];
}

/** Marks the incident on its first sighting, then alerts once; logs every sighting. */
export async function markClientRejected(ctx: AppContext, row: GrantRow, clientId: string) {
  const provider = row.provider as OAuthProviderId;
  // The client id is public (it rides on every sign-in URL) and names the registration to fix.
  ctx.logger.error(
    { grantId: row.id, provider, clientId, code: PROVIDER_CODE },
    "oauth provider refused Buzón's app registration: renew its client secret",
  );
  const marked = await ctx.db
    .update(oauthGrants)
    .set({ lastErrorCode: PROVIDER_CODE, updatedAt: ctx.now().toISOString() })
    .where(
      and(
        eq(oauthGrants.id, row.id),
        or(isNull(oauthGrants.lastErrorCode), ne(oauthGrants.lastErrorCode, PROVIDER_CODE)),
      ),
    );
  if (marked.rowsAffected !== 1) return;

  const name = PROVIDER_NAMES[provider];
  const subject =
    `[Buzón] ${name} rechazó la aplicación Buzón: ` + "la recepción de {mailbox} está detenida";
  await sendMail(ctx, row.companyId, subject, alertLines(provider)).catch(
    (error: { code?: string }) =>
      ctx.logger.warn({ grantId: row.id, code: error.code }, "app registration alert failed"),
  );
}
