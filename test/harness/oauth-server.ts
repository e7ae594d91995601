/**
 * The test OAuth 2.0 provider started by global-setup.ts, as test files reach it: its URL (via
 * `provide`/`inject`), the endpoint settings that point Buzón at it, and its test controls.
 */
import { inject } from "vitest";

export interface OAuthServer {
  /**
   * http://127.0.0.1:<port>; Microsoft under /ms, Google under /google, Dovecot's /introspect and
   * /exchange/mailbox-permission.
   */
  url: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    oauthServer: OAuthServer;
  }
}

export function oauthServer(): OAuthServer {
  return inject("oauthServer");
}

export interface ProviderCounters {
  refreshes: number;
  /** Grants ended through the revocation endpoint (RFC 7009). */
  revocations: number;
  liveGrants: number;
}

async function post<T>(path: string, form: Record<string, string>): Promise<T> {
  const res = await fetch(`${oauthServer().url}${path}`, {
    method: "POST",
    body: new URLSearchParams(form),
  });
  if (!res.ok) throw new Error(`test OAuth provider answered ${res.status} to ${path}`);
  return (await res.json()) as T;
}

/** Every access token of `user` stops working now (Dovecot's introspection sees it inactive). */
export const expireAccessTokens = (user: string) =>
  post<ProviderCounters>("/_test/expire-access", { user });

/** The user withdrew consent: refresh and access tokens are dead (invalid_grant). */
export const revokeGrants = (user: string) => post<ProviderCounters>("/_test/revoke", { user });

/** The user typed the device code and signed in as `user`. */
export const approveDeviceCode = (userCode: string, user: string) =>
  post<ProviderCounters>("/_test/approve-device", { userCode, user });

/**
 * The provider now takes only `secret` from `clientId` at its token endpoint; any other secret
 * gets 401 invalid_client. Registering again replaces the secret (the old one expired).
 */
export const registerClient = (clientId: string, secret: string) =>
  post<ProviderCounters>("/_test/client", { clientId, secret });

/**
 * An Exchange administrator gives `user` Full Access to the shared `mailbox`: `user`'s own token
 * then opens it over IMAP and POP3 (XOAUTH2/OAUTHBEARER with the mailbox as the login user).
 */
export const grantFullAccess = (mailbox: string, user: string) =>
  post<ProviderCounters>("/_test/mailbox-access", { mailbox, user, rights: "FullAccess" });

/** The administrator takes that permission away again. */
export const removeFullAccess = (mailbox: string, user: string) =>
  post<ProviderCounters>("/_test/mailbox-access", { mailbox, user, rights: "" });

/**
 * From now on the provider's `endpoint` answers `clientId` with HTTP `status` and the RFC 6749
 * error `error`, or with a non-JSON page when `error` is omitted (an outage behind a gateway).
 * Status 0 clears the fault.
 */
export const setProviderFault = (
  clientId: string,
  endpoint: "token" | "devicecode",
  status: number,
  error?: string,
) =>
  post<ProviderCounters>("/_test/fault", {
    clientId,
    endpoint,
    status: String(status),
    ...(error ? { error } : {}),
  });

export const providerCounters = (user: string) =>
  post<ProviderCounters>("/_test/counters", { user });

export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

/** Tokens for `user` without the browser dance (tests of logins alone). */
export const issueTokens = (user: string, flavor: "ms" | "google" = "ms", clientId = "test") =>
  post<IssuedTokens>("/_test/issue", { user, flavor, clientId });
