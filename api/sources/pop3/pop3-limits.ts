/**
 * Bounds on POP3 input that belong to this protocol only. The message size bound is
 * MAX_MESSAGE_BYTES in api/lib/limits.ts.
 */

/** RFC 2449 §4 allows 512 octets per response line; 8 KiB tolerates chatty servers. */
export const MAX_LINE_BYTES = 8 * 1024;

/** CAPA, LIST and UIDL listings: a UIDL line is at most ~85 octets; 16 MiB covers ~200k mails. */
export const MAX_LISTING_BYTES = 16 * 1024 * 1024;

/** RFC 5034 §4: an AUTH command with its initial response must fit in 255 octets. */
export const MAX_AUTH_LINE_BYTES = 255;

/** Bytes a server may send while no command waits: a socket chunk past a status line is normal. */
export const MAX_UNREAD_BYTES = 1024 * 1024;
