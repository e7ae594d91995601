/**
 * One IMAP ingestion: every message of the inbox is recorded (with its documents) and then moved
 * to Procesados or Fallidos. A message counts as settled only when the server confirms its move.
 */
import type { ImapFlow } from "imapflow";
import type { AppContext } from "../context.ts";
import { BuzonError } from "../lib/errors.ts";
import { MAX_MESSAGE_BYTES } from "../lib/limits.ts";
import type { ResolvedHost } from "../security/host-policy.ts";
import { closeImap, connectImap } from "../sources/imap/connect.ts";
import { resolveFolders, type ResolvedFolders } from "../sources/imap/folders.ts";
import {
  downloadHeader,
  downloadMessages,
  moveMessages,
  openInbox,
  type InboxEntry,
} from "../sources/imap/messages.ts";
import { batchesOf, fitTogether } from "./batches.ts";
import { keepOriginals, readMessage, type PreparedMessage } from "./prepare-message.ts";
import { recordMessages } from "./record-messages.ts";
import { loadRecords, markSettleState, type MessageRecord } from "./records.ts";
import { reconcileImap } from "./reconcile-imap.ts";
import type { RunHooks, Tally } from "./tally.ts";
import type { MailboxSettings } from "./types.ts";

/** UIDs moved per MOVE command: one round trip for many, small enough to bound a cut-off batch. */
const MOVE_BATCH = 100;

export interface RunContext {
  ctx: AppContext;
  settings: MailboxSettings;
  companyNit: string | null;
  runId: number;
  tally: Tally;
  hooks: RunHooks;
  /** Called between messages so a long run keeps its lease. */
  keepAlive: () => Promise<void>;
}

type Target = "processed" | "failed";

class MoveQueue {
  private readonly queued: Record<Target, { uid: number; id: number }[]> = {
    processed: [],
    failed: [],
  };

  constructor(
    private readonly run: RunContext,
    private readonly client: ImapFlow,
    private readonly folders: ResolvedFolders,
  ) {}

  add(target: Target, uid: number, id: number) {
    this.queued[target].push({ uid, id });
  }

  async flush(force: boolean) {
    for (const target of ["processed", "failed"] as const) {
      const items = this.queued[target];
      if (items.length === 0 || (!force && items.length < MOVE_BATCH)) continue;
      this.queued[target] = [];
      await this.move(target, items);
    }
  }

  private async move(target: Target, items: { uid: number; id: number }[]) {
    const folder = this.folders[target];
    const moved = await moveMessages(
      this.client,
      items.map((item) => item.uid),
      folder,
    );
    const ids = items.filter((item) => moved.has(item.uid)).map((item) => item.id);
    // Observed between the server's move and its record: the window reconcile-imap.ts repairs.
    await this.run.hooks.afterStep?.("moved", { messageIds: ids });
    await markSettleState(this.run.ctx.db, ids, "settled", folder, this.run.ctx.now());
    this.run.tally.settled += ids.length;
    if (ids.length < items.length) {
      this.run.tally.note(
        "Algunos correos no se pudieron mover; se reintentará en la próxima ejecución.",
      );
      if (!this.client.usable) {
        throw new BuzonError(
          "CONNECTION",
          "Se perdió la conexión con el servidor durante el movimiento.",
        );
      }
    }
  }
}

function targetOf(outcome: string): Target {
  return outcome === "failed" ? "failed" : "processed";
}

async function downloadBatch(client: ImapFlow, batch: InboxEntry[]) {
  const small = batch.filter((entry) => entry.size <= MAX_MESSAGE_BYTES);
  const bodies = await downloadMessages(
    client,
    small.map((entry) => entry.uid),
  );
  for (const entry of batch) {
    if (entry.size <= MAX_MESSAGE_BYTES) continue;
    const header = await downloadHeader(client, entry.uid);
    if (header) bodies.set(entry.uid, header);
  }
  return bodies;
}

function inputFor(run: RunContext, entry: InboxEntry, raw: Uint8Array, uidValidity: string) {
  return {
    companyId: run.settings.companyId,
    mailboxId: run.settings.id,
    companyNit: run.companyNit,
    runId: run.runId,
    source: {
      protocol: "imap" as const,
      sourceKey: `imap:${uidValidity}:${entry.uid}`,
      uidValidity,
      uid: entry.uid,
      size: entry.size,
    },
    raw,
    oversize: entry.size > MAX_MESSAGE_BYTES,
  };
}

/**
 * Reads a downloaded batch, one e-mail after another (their originals go to the blob store while
 * the next is read), then records them all in one transaction and queues their moves.
 */
async function takeBatch(
  run: RunContext,
  queue: MoveQueue,
  batch: InboxEntry[],
  bodies: Map<number, Uint8Array>,
  uidValidity: string,
) {
  // An e-mail missing from the download was expunged by someone else since the listing.
  const present = batch.filter((entry) => bodies.has(entry.uid));
  const kept: Promise<PreparedMessage>[] = [];
  const ms: number[] = [];
  for (const entry of present) {
    const started = performance.now();
    const read = await readMessage(
      run.ctx,
      inputFor(run, entry, bodies.get(entry.uid)!, uidValidity),
    );
    bodies.delete(entry.uid);
    const keeping = keepOriginals(run.ctx, read);
    keeping.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
    kept.push(keeping);
    ms.push(Math.round(performance.now() - started));
  }
  const results = await recordMessages(run.ctx, await Promise.all(kept));

  run.tally.fetched += results.length;
  for (const [index, result] of results.entries()) {
    const entry = present[index]!;
    run.tally.count(result.outcome);
    const { outcome, reasonCode: code } = result;
    run.ctx.logger.info(
      { runId: run.runId, uid: entry.uid, outcome, code, bytes: entry.size, ms: ms[index] },
      "message",
    );
    queue.add(targetOf(outcome), entry.uid, result.id);
    await run.hooks.afterStep?.("stored", { messageIds: [result.id] });
  }
}

/** Starts a download now, to be awaited later; a failure meanwhile is not left unhandled. */
function startDownload(client: ImapFlow, batch: InboxEntry[] | undefined) {
  if (!batch) return null;
  const download = downloadBatch(client, batch);
  download.catch(() => undefined);
  return download;
}

export async function ingestImap(run: RunContext, target: ResolvedHost): Promise<void> {
  const client = await connectImap(run.settings, target, run.ctx.commandTimeoutMs);
  try {
    const folders = await resolveFolders(client, run.settings.folders, true);
    const inbox = await openInbox(client, folders.inbox);
    const keyOf = (uid: number) => `imap:${inbox.uidValidity}:${uid}`;
    const known = await loadRecords(
      run.ctx.db,
      run.settings.id,
      inbox.entries.map((e) => keyOf(e.uid)),
    );
    const queue = new MoveQueue(run, client, folders);
    const stillPresent: { entry: InboxEntry; record: MessageRecord }[] = [];

    const fresh: InboxEntry[] = [];
    for (const entry of inbox.entries) {
      const record = known.get(keyOf(entry.uid));
      if (record?.settleState === "settled") stillPresent.push({ entry, record });
      else if (record) queue.add(targetOf(record.outcome), entry.uid, record.id);
      else fresh.push(entry);
    }
    await queue.flush(false);

    // The next batch downloads while this one is read and recorded: imapflow sends the MOVEs
    // queued meanwhile after that FETCH, never inside it.
    const batches = batchesOf(fresh);
    let download = startDownload(client, batches[0]);
    for (const [index, batch] of batches.entries()) {
      const bodies = await (download ?? startDownload(client, batch)!);
      const next = batches[index + 1];
      download = next && fitTogether(batch, next) ? startDownload(client, next) : null;
      await takeBatch(run, queue, batch, bodies, inbox.uidValidity);
      await queue.flush(false);
      await run.keepAlive();
    }
    await queue.flush(true);
    await reconcileImap(run, client, inbox, folders, stillPresent);
  } finally {
    await closeImap(client);
  }
}
