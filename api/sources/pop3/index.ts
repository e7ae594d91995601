/**
 * Buzón's own POP3 client (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 SASL). We wrote it
 * because node-pop3 0.11.0 hung on a split terminator, altered message bytes and had no STLS or
 * SASL (measured on our machines; see PITFALLS.md).
 */
import type { Pop3Client } from "./client.ts";

export { connectPop3, Pop3Client } from "./client.ts";
export type { Pop3Options } from "./connect.ts";
export type { ListEntry, MailboxStat, UidlEntry } from "./parse.ts";

/**
 * An access token signs in with OAUTHBEARER (RFC 7628) where the server offers it, else with
 * XOAUTH2 (what Microsoft's POP3 takes); everything else with the password.
 */
export function loginPop3(
  client: Pop3Client,
  credentials: { username: string; password: string; accessToken?: string | null },
  server: { host: string; port: number },
): Promise<void> {
  const { username, accessToken } = credentials;
  if (accessToken && client.offersSasl("OAUTHBEARER")) {
    return client.authenticateOauthbearer(username, accessToken, server);
  }
  if (accessToken) return client.authenticateXoauth2(username, accessToken);
  return client.login(username, credentials.password);
}
