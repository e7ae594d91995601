/**
 * The provider's refusals that are neither the user's grant (invalid_grant: sign in again) nor an
 * expired client secret (invalid_client: client-rejected.ts), in Buzón's vocabulary: a Spanish
 * message and a stable code in `details.reason`, so that no raw OAuthError reaches a route (it
 * would answer a bare 500) or a run.
 */
import { eq } from "drizzle-orm";
import type { AppContext } from "../context.ts";
import { oauthGrants } from "../db/schema.ts";
import { BuzonError } from "../lib/errors.ts";
import type { OAuthProviderId } from "./providers.ts";
import { PROVIDER_NAMES } from "./sign-in-alerts.ts";
import { OAuthError } from "./token-endpoint.ts";
import type { GrantRow } from "./token-store.ts";

export const PROVIDER_UNAVAILABLE_CODE = "OAUTH_PROVIDER_UNAVAILABLE";
export const CLIENT_UNAUTHORIZED_CODE = "OAUTH_CLIENT_UNAUTHORIZED";
export const DEVICE_CODE_REFUSED_CODE = "OAUTH_DEVICE_CODE_REFUSED";
export const REFRESH_REFUSED_CODE = "OAUTH_REFRESH_REFUSED";

/**
 * Temporary trouble at the provider: an HTTP 5xx (with or without a JSON body), or the RFC 6749
 * §4.1.2.1 codes `server_error` and `temporarily_unavailable`, which Microsoft also answers at
 * its token endpoint. Retrying later helps; signing in again does not.
 */
export function isProviderUnavailable(error: unknown): boolean {
  if (!(error instanceof OAuthError)) return false;
  const temporary = ["server_error", "temporarily_unavailable"].includes(error.error);
  return temporary || (error.status ?? 0) >= 500;
}

/** RFC 6749 codes (and our http_<status>) are short ASCII words; nothing else is repeated. */
const providerCode = (error: OAuthError) =>
  /^[a-z0-9_]{1,64}$/.test(error.error) ? error.error : "desconocido";

const REGISTRATION: Record<OAuthProviderId, string> = {
  microsoft: "en Microsoft Entra (Registros de aplicaciones)",
  google: "en Google Cloud (APIs y servicios → Credenciales)",
};

const details = (reason: string, provider: OAuthProviderId, error?: OAuthError) => ({
  details: { reason, provider, ...(error ? { providerError: providerCode(error) } : {}) },
  cause: error,
});

export function providerUnavailable(
  provider: OAuthProviderId,
  step: "device" | "refresh",
  error: OAuthError,
): BuzonError {
  const name = PROVIDER_NAMES[provider];
  const message =
    step === "refresh"
      ? `${name} no pudo renovar el inicio de sesión por una falla temporal de su servicio. ` +
        `Buzón lo intentará de nuevo en la próxima ejecución; no hace falta volver a iniciar ` +
        `sesión. (código ${PROVIDER_UNAVAILABLE_CODE})`
      : `${name} no pudo dar un código de inicio de sesión por una falla temporal de su ` +
        `servicio. Inténtalo de nuevo en unos minutos. (código ${PROVIDER_UNAVAILABLE_CODE})`;
  return new BuzonError("CONNECTION", message, details(PROVIDER_UNAVAILABLE_CODE, provider, error));
}

/**
 * RFC 6749 §5.2 `unauthorized_client` on a refresh: the app registration no longer allows this
 * grant (public client flows turned off after a device-code sign-in, the app restricted in the
 * tenant). The operator's to look at; the grant itself may still be good.
 */
export function clientUnauthorized(provider: OAuthProviderId, error?: OAuthError): BuzonError {
  const name = PROVIDER_NAMES[provider];
  const message =
    `${name} ya no autoriza a la aplicación Buzón a renovar este inicio de sesión ` +
    `(unauthorized_client): su registro no permite este tipo de acceso, por ejemplo porque se ` +
    `desactivaron los flujos de cliente público o la organización restringió la aplicación. El ` +
    `administrador de Buzón debe revisar el registro ${REGISTRATION[provider]}; si el cambio fue ` +
    `a propósito, vuelve a iniciar sesión desde la extensión. (código ${CLIENT_UNAUTHORIZED_CODE})`;
  return new BuzonError("AUTH_FAILED", message, details(CLIENT_UNAUTHORIZED_CODE, provider, error));
}

const UNAUTHORIZED = "unauthorized_client";

export const isClientUnauthorized = (error: unknown) =>
  error instanceof OAuthError && error.error === UNAUTHORIZED;

/** The grant's current incident is `unauthorized_client`; a successful refresh clears it. */
export const isClientUnauthorizedGrant = (grant: GrantRow | null) =>
  grant?.status === "active" && grant.lastErrorCode === UNAUTHORIZED;

/** Kept on the grant for GET /status; logged at error level, as the operator must act. */
export async function markClientUnauthorized(ctx: AppContext, row: GrantRow, clientId: string) {
  // The client id is public (it rides on every sign-in URL) and names the registration to fix.
  ctx.logger.error(
    { grantId: row.id, provider: row.provider, clientId, code: UNAUTHORIZED },
    "oauth provider no longer lets Buzón's app registration refresh this grant",
  );
  await ctx.db
    .update(oauthGrants)
    .set({ lastErrorCode: UNAUTHORIZED, updatedAt: ctx.now().toISOString() })
    .where(eq(oauthGrants.id, row.id));
}

/**
 * Any other refusal of a device-code request (RFC 8628 §3.2 answers with §5.2 codes): an unknown
 * client id, an account type the registration does not take, a tenant that blocks the flow.
 */
export function deviceCodeRefused(provider: OAuthProviderId, error: OAuthError): BuzonError {
  const name = PROVIDER_NAMES[provider];
  const message =
    `${name} rechazó el inicio de sesión con código para la aplicación Buzón (error del ` +
    `proveedor: ${providerCode(error)}). El administrador de Buzón debe revisar el registro ` +
    `${REGISTRATION[provider]}: el id de la aplicación, los tipos de cuenta admitidos y «Permitir ` +
    `flujos de clientes públicos». Mientras tanto usa «Iniciar sesión con ${name}». ` +
    `(código ${DEVICE_CODE_REFUSED_CODE})`;
  return new BuzonError("AUTH_FAILED", message, details(DEVICE_CODE_REFUSED_CODE, provider, error));
}

/** A refresh refused with a code Buzón has no special reading for. */
export function refreshRefused(provider: OAuthProviderId, error: OAuthError): BuzonError {
  const name = PROVIDER_NAMES[provider];
  const message =
    `${name} rechazó la renovación del inicio de sesión (error del proveedor: ` +
    `${providerCode(error)}). Si se repite, vuelve a iniciar sesión desde la extensión. ` +
    `(código ${REFRESH_REFUSED_CODE})`;
  return new BuzonError("AUTH_FAILED", message, details(REFRESH_REFUSED_CODE, provider, error));
}
