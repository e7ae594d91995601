/**
 * The two OAuth 2.0 providers Buzón signs in with, built from the environment. Endpoints default
 * to Microsoft's and Google's own and can be pointed elsewhere (BUZON_MS_AUTHORITY,
 * BUZON_GOOGLE_AUTH_URL, BUZON_GOOGLE_TOKEN_URL): tests point them at a provider on loopback.
 */
import type { ServerType } from "../../shared/reception-config.ts";

export const DEFAULT_MS_AUTHORITY = "https://login.microsoftonline.com";
export const DEFAULT_GOOGLE_AUTH_URL = "https://accounts.google.com/o/oauth2/v2/auth";
export const DEFAULT_GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";

export const OAUTH_PROVIDERS = ["microsoft", "google"] as const;
export type OAuthProviderId = (typeof OAUTH_PROVIDERS)[number];

export interface OAuthSettings {
  /** The API as the user's browser reaches it; redirect URIs hang from it. */
  publicUrl: string;
  microsoft: {
    clientId: string | null;
    /** null: a public client (PKCE only), as "Mobile and desktop" registrations are. */
    clientSecret: string | null;
    /** "common" takes work and school accounts and personal Outlook.com accounts alike. */
    tenant: string;
    authority: string;
  };
  google: {
    clientId: string | null;
    clientSecret: string | null;
    authUrl: string;
    tokenUrl: string;
  };
}

/** Everything a flow needs to talk to one provider. */
export interface ProviderClient {
  id: OAuthProviderId;
  clientId: string;
  clientSecret: string | null;
  authorizeUrl: string;
  tokenUrl: string;
  /** Microsoft only: Google's device flow does not allow the mail scope. */
  deviceCodeUrl: string | null;
  /** RFC 7009 token revocation: Google only (see microsoftClient). */
  revokeUrl: string | null;
  scope: string;
  /** Parameters the provider needs on the authorization URL besides the standard ones. */
  authorizeParams: Record<string, string>;
  redirectUri: string;
}

/** IMAP and POP over SASL, plus a refresh token (offline_access); one registration for both. */
const MICROSOFT_SCOPES = [
  "https://outlook.office.com/IMAP.AccessAsUser.All",
  "https://outlook.office.com/POP.AccessAsUser.All",
  "offline_access",
];
/** Google's only scope for IMAP/POP (a restricted scope: see the README on verification). */
const GOOGLE_SCOPES = ["https://mail.google.com/"];

export const SERVER_TYPE_OF: Record<OAuthProviderId, ServerType> = {
  microsoft: "oauth-microsoft",
  google: "oauth-google",
};

export function providerOfServerType(serverType: string): OAuthProviderId | null {
  if (serverType === "oauth-microsoft") return "microsoft";
  if (serverType === "oauth-google") return "google";
  return null;
}

export function isOAuthProviderId(value: string): value is OAuthProviderId {
  return (OAUTH_PROVIDERS as readonly string[]).includes(value);
}

const callbackOf = (settings: OAuthSettings, id: OAuthProviderId) =>
  `${settings.publicUrl}/api/v1/oauth/${id}/callback`;

function microsoftClient(settings: OAuthSettings): ProviderClient | null {
  const ms = settings.microsoft;
  if (!ms.clientId) return null;
  const base = `${ms.authority}/${encodeURIComponent(ms.tenant)}/oauth2/v2.0`;
  return {
    id: "microsoft",
    clientId: ms.clientId,
    clientSecret: ms.clientSecret,
    authorizeUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    deviceCodeUrl: `${base}/devicecode`,
    // The Microsoft identity platform has no RFC 7009 endpoint. The only way to end a refresh
    // token there is Microsoft Graph's revokeSignInSessions, which needs a Graph permission
    // Buzón does not ask for and signs the user out of every application, not only Buzón.
    revokeUrl: null,
    scope: MICROSOFT_SCOPES.join(" "),
    authorizeParams: { prompt: "select_account" },
    redirectUri: callbackOf(settings, "microsoft"),
  };
}

function googleClient(settings: OAuthSettings): ProviderClient | null {
  const google = settings.google;
  // Google's web clients always need their secret at the token endpoint.
  if (!google.clientId || !google.clientSecret) return null;
  return {
    id: "google",
    clientId: google.clientId,
    clientSecret: google.clientSecret,
    authorizeUrl: google.authUrl,
    tokenUrl: google.tokenUrl,
    deviceCodeUrl: null,
    // Google's revocation endpoint sits beside its token endpoint (oauth2.googleapis.com/revoke),
    // so it follows BUZON_GOOGLE_TOKEN_URL.
    revokeUrl: new URL("revoke", google.tokenUrl).toString(),
    scope: GOOGLE_SCOPES.join(" "),
    // offline + consent: Google hands a refresh token only on a consent screen.
    authorizeParams: { access_type: "offline", prompt: "consent" },
    redirectUri: callbackOf(settings, "google"),
  };
}

export function providerClient(
  settings: OAuthSettings | undefined,
  id: OAuthProviderId,
): ProviderClient | null {
  if (!settings) return null;
  return id === "microsoft" ? microsoftClient(settings) : googleClient(settings);
}

export interface ProviderAvailability {
  id: OAuthProviderId;
  serverType: ServerType;
  enabled: boolean;
  /** Spanish, when disabled: what the operator must configure. */
  reason: string | null;
  deviceCode: boolean;
}

const DISABLED_REASON: Record<OAuthProviderId, string> = {
  microsoft:
    "No disponible: el administrador de Buzón debe registrar la aplicación en Microsoft Entra " +
    "y configurar BUZON_MS_CLIENT_ID (y BUZON_MS_CLIENT_SECRET si es una aplicación web).",
  google:
    "No disponible: el administrador de Buzón debe crear el cliente OAuth en Google Cloud y " +
    "configurar BUZON_GOOGLE_CLIENT_ID y BUZON_GOOGLE_CLIENT_SECRET.",
};

export function listProviders(settings: OAuthSettings | undefined): ProviderAvailability[] {
  return OAUTH_PROVIDERS.map((id) => {
    const client = providerClient(settings, id);
    return {
      id,
      serverType: SERVER_TYPE_OF[id],
      enabled: client !== null,
      reason: client ? null : DISABLED_REASON[id],
      deviceCode: client?.deviceCodeUrl != null,
    };
  });
}
