/**
 * Reading and settling messages in the selected inbox. Two imapflow behaviours shape this file:
 * no other command may run inside a FETCH loop (so listings are collected first, and each body
 * is fetched on its own), and `messageMove` resolves `false` instead of throwing, on a NO and on a
 * dropped connection alike (so a move counts only when the server's COPYUID map names the UID).
 */
import type { ImapFlow } from "imapflow";
import { BuzonError } from "../../lib/errors.ts";
import { isThrottled, toMailError } from "../connection-errors.ts";
import { MAX_MESSAGES_PER_RUN } from "../../lib/limits.ts";

export interface InboxEntry {
  uid: number;
  size: number;
  messageId: string | null;
}

export interface OpenedInbox {
  path: string;
  uidValidity: string;
  entries: InboxEntry[];
}

/** Selects the inbox and lists its messages (oldest first), at most MAX_MESSAGES_PER_RUN. */
export async function openInbox(client: ImapFlow, path: string): Promise<OpenedInbox> {
  let mailbox;
  try {
    mailbox = await client.mailboxOpen(path);
  } catch (cause) {
    if (isThrottled(cause)) throw toMailError(cause);
    throw new BuzonError("FOLDER", `No fue posible abrir la carpeta «${path}».`, { cause });
  }
  const entries: InboxEntry[] = [];
  if (mailbox.exists > 0) {
    const range = `1:${Math.min(mailbox.exists, MAX_MESSAGES_PER_RUN)}`;
    for await (const message of client.fetch(range, { uid: true, size: true, envelope: true })) {
      entries.push({
        uid: message.uid,
        size: message.size ?? 0,
        messageId: message.envelope?.messageId ?? null,
      });
    }
  }
  return { path: mailbox.path, uidValidity: String(mailbox.uidValidity), entries };
}

/**
 * Bodies of several messages in one UID FETCH: one round trip instead of one per message. The
 * loop only collects; the caller works on the bodies after it ends, since no other command may
 * run while a FETCH streams.
 */
export async function downloadMessages(
  client: ImapFlow,
  uids: number[],
): Promise<Map<number, Uint8Array>> {
  const bodies = new Map<number, Uint8Array>();
  if (uids.length === 0) return bodies;
  for await (const message of client.fetch(
    uids.join(","),
    { uid: true, source: true },
    { uid: true },
  )) {
    // A Buffer is a Uint8Array: copying it would double a 25 MB e-mail for nothing.
    if (message.source) bodies.set(message.uid, message.source);
  }
  return bodies;
}

/** Only the header block, for messages too large to download. */
export async function downloadHeader(client: ImapFlow, uid: number): Promise<Uint8Array | null> {
  const message = await client.fetchOne(String(uid), { uid: true, headers: true }, { uid: true });
  if (!message || !message.headers) return null;
  return new Uint8Array(message.headers);
}

/**
 * Moves UIDs to `target` and answers the UIDs the server confirms moved. MOVE (RFC 6851) where the
 * server has it; otherwise COPY, then \Deleted and UID EXPUNGE (RFC 4315) of those UIDs only.
 */
export async function moveMessages(
  client: ImapFlow,
  uids: number[],
  target: string,
): Promise<Set<number>> {
  if (uids.length === 0) return new Set();
  const range = uids.join(",");
  const hasMove = client.capabilities.has("MOVE");
  const hasUidPlus = client.capabilities.has("UIDPLUS");
  const result = hasMove
    ? await client.messageMove(range, target, { uid: true })
    : await copyThenExpunge(client, range, target, hasUidPlus);
  if (!result) return new Set();
  // Without UIDPLUS there is no COPYUID map; a tagged OK then covers the whole set.
  if (!result.uidMap) return hasUidPlus ? new Set() : new Set(uids);
  return new Set(uids.filter((uid) => result.uidMap?.has(uid)));
}

async function copyThenExpunge(client: ImapFlow, range: string, target: string, uidPlus: boolean) {
  const copied = await client.messageCopy(range, target, { uid: true });
  if (!copied) return false;
  // Expunge only what the server says it copied; never a UID whose copy is unconfirmed.
  const confirmed = copied.uidMap ? [...copied.uidMap.keys()].join(",") : uidPlus ? "" : range;
  if (!confirmed) return copied;
  const deleted = await client.messageDelete(confirmed, { uid: true });
  return deleted ? copied : false;
}

/**
 * Which of these Message-IDs are already in `folder`. Selects that folder read-only (EXAMINE):
 * the caller selects its inbox again afterwards.
 */
export async function findMessageIds(
  client: ImapFlow,
  folder: string,
  messageIds: string[],
): Promise<Set<string>> {
  const present = new Set<string>();
  if (messageIds.length === 0) return present;
  await client.mailboxOpen(folder, { readOnly: true });
  for (const messageId of messageIds) {
    const found = await client.search({ header: { "message-id": messageId } }, { uid: true });
    if (Array.isArray(found) && found.length > 0) present.add(messageId);
  }
  return present;
}

/** Removes UIDs from the selected folder: \Deleted, then UID EXPUNGE of exactly those. */
export async function expungeMessages(client: ImapFlow, uids: number[]): Promise<boolean> {
  if (uids.length === 0) return true;
  return client.messageDelete(uids.join(","), { uid: true });
}
