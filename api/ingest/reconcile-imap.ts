/**
 * Repairs what an interrupted run can leave behind. A batch MOVE cut off mid-way was seen to leave
 * the same e-mails in the inbox and in the target, and `messageMove` cannot tell a NO from a dropped
 * connection. So, by Message-ID:
 * - recorded as settled but still in the inbox: if the copy is in the target, expunge the inbox one
 *   (never copy twice); if it is not, move it again;
 * - recorded but not yet settled and gone from the inbox: if it reached the target, mark it settled.
 */
import type { ImapFlow } from "imapflow";
import {
  expungeMessages,
  findMessageIds,
  moveMessages,
  type InboxEntry,
  type OpenedInbox,
} from "../sources/imap/messages.ts";
import type { ResolvedFolders } from "../sources/imap/folders.ts";
import { MAX_MESSAGES_PER_RUN } from "../lib/limits.ts";
import {
  loadUnsettled,
  markSettleState,
  settleGoneElsewhere,
  type MessageRecord,
} from "./records.ts";
import type { RunContext } from "./run-imap.ts";

interface Present {
  entry: InboxEntry;
  record: MessageRecord;
}

function folderOf(record: MessageRecord, folders: ResolvedFolders): string {
  return record.settledTo ?? (record.outcome === "failed" ? folders.failed : folders.processed);
}

function groupByFolder<T>(items: T[], folderOfItem: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const folder = folderOfItem(item);
    groups.set(folder, [...(groups.get(folder) ?? []), item]);
  }
  return groups;
}

async function repairStillPresent(
  run: RunContext,
  client: ImapFlow,
  inbox: OpenedInbox,
  present: Present[],
  folders: ResolvedFolders,
) {
  const withId = present.filter((p) => p.record.messageIdHeader);
  if (withId.length < present.length) {
    run.tally.note(
      "Hay correos ya procesados sin Message-ID que siguen en la bandeja; no se tocan.",
    );
  }
  const groups = groupByFolder(withId, (p) => folderOf(p.record, folders));
  const toExpunge: number[] = [];
  const toMoveAgain = new Map<string, number[]>();
  for (const [folder, items] of groups) {
    const found = await findMessageIds(
      client,
      folder,
      items.map((p) => p.record.messageIdHeader!),
    );
    for (const item of items) {
      if (found.has(item.record.messageIdHeader!)) toExpunge.push(item.entry.uid);
      else toMoveAgain.set(folder, [...(toMoveAgain.get(folder) ?? []), item.entry.uid]);
    }
  }
  await client.mailboxOpen(inbox.path);
  await expungeMessages(client, toExpunge);
  for (const [folder, uids] of toMoveAgain) await moveMessages(client, uids, folder);
}

async function repairGone(
  run: RunContext,
  client: ImapFlow,
  inbox: OpenedInbox,
  folders: ResolvedFolders,
) {
  // With a truncated listing, "not listed" does not mean "gone".
  if (inbox.entries.length >= MAX_MESSAGES_PER_RUN) return;
  const listed = new Set(inbox.entries.map((e) => e.uid));
  const unsettled = await loadUnsettled(run.ctx.db, run.settings.id);
  const gone = unsettled.filter(
    (r) => r.protocol === "imap" && r.uidValidity === inbox.uidValidity && !listed.has(r.uid ?? -1),
  );
  if (gone.length === 0) return;
  const groups = groupByFolder(gone, (r) => folderOf(r, folders));
  for (const [folder, records] of groups) {
    const ids = records.map((r) => r.messageIdHeader).filter((id): id is string => Boolean(id));
    const found = await findMessageIds(client, folder, ids);
    const arrived = records.filter((r) => r.messageIdHeader && found.has(r.messageIdHeader));
    await markSettleState(
      run.ctx.db,
      arrived.map((r) => r.id),
      "settled",
      folder,
      run.ctx.now(),
    );
    run.tally.settled += arrived.length;
    const elsewhere = records.filter((r) => !arrived.includes(r)).map((r) => r.id);
    const note = (text: string) => run.tally.note(text);
    await settleGoneElsewhere(run.ctx.db, elsewhere, run.ctx.now(), note);
  }
}

export async function reconcileImap(
  run: RunContext,
  client: ImapFlow,
  inbox: OpenedInbox,
  folders: ResolvedFolders,
  present: Present[],
): Promise<void> {
  if (present.length > 0) await repairStillPresent(run, client, inbox, present, folders);
  await repairGone(run, client, inbox, folders);
}
