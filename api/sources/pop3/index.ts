/**
 * Buzón's own POP3 client (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 SASL). We wrote it
 * because node-pop3 0.11.0 hung on a split terminator, altered message bytes and had no STLS or
 * SASL (measured on our machines; see PITFALLS.md).
 */
export { connectPop3, Pop3Client } from "./client.ts";
export type { Pop3Options } from "./connect.ts";
export type { ListEntry, MailboxStat, UidlEntry } from "./parse.ts";
