/**
 * Buzón's own POP3 client (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 SASL). We wrote it
 * because node-pop3 0.11.0 hung on a split terminator, altered message bytes and had no STLS or
 * SASL (measured on our machines; see PITFALLS.md).
 */
import type { Pop3Client } from "./client.ts";

export { connectPop3, Pop3Client } from "./client.ts";
export type { Pop3Options } from "./connect.ts";
export type { ListEntry, MailboxStat, UidlEntry } from "./parse.ts";

/** Microsoft's and Google's POP3 take XOAUTH2 only; everything else the password. */
export function loginPop3(
  client: Pop3Client,
  credentials: { username: string; password: string; accessToken?: string | null },
): Promise<void> {
  if (credentials.accessToken) {
    return client.authenticateXoauth2(credentials.username, credentials.accessToken);
  }
  return client.login(credentials.username, credentials.password);
}
