/**
 * "Reintentar" a failed e-mail: IMAP moves it from Fallidos back to the inbox folder and runs an
 * ingestion, which takes it as a new arrival; POP3 reads it again from the stored original (the
 * server no longer has it). The failed record is kept, marked `retried`, so history stays whole.
 */
import { and, eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import type { AppContext } from "../context.ts";
import { messages } from "../db/schema.ts";
import { BuzonError } from "../lib/errors.ts";
import { resolveMailServer } from "../security/host-policy.ts";
import { closeImap, connectImap } from "../sources/imap/connect.ts";
import { resolveFolders } from "../sources/imap/folders.ts";
import { moveMessages } from "../sources/imap/messages.ts";
import { acquireLease, releaseLease } from "./lease.ts";
import { processMessage, type Outcome } from "./process-message.ts";
import { markSettleState, type MessageRecord } from "./records.ts";
import { runIngestion } from "./run.ts";
import {
  findCompanyNit,
  findMailboxRow,
  openMailboxSettings,
  type MailboxRow,
} from "./settings.ts";
import type { RunSummary } from "./types.ts";

export interface RetryResult {
  /** The outcome of the e-mail's new reading (POP3), or of the run that took it again (IMAP). */
  outcome: Outcome | null;
  run: RunSummary | null;
}

async function failedRecord(ctx: AppContext, companyId: number, id: number) {
  const [row] = await ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.id, id), eq(messages.companyId, companyId)));
  if (!row) throw new BuzonError("NOT_FOUND");
  if (row.outcome !== "failed") {
    throw new BuzonError("CONFLICT", "Solo se pueden reintentar correos fallidos.");
  }
  return row;
}

async function markRetried(ctx: AppContext, id: number) {
  await ctx.db.update(messages).set({ outcome: "retried" }).where(eq(messages.id, id));
}

/** Moves the e-mail from Fallidos back to the inbox folder, under the mailbox's lease. */
async function moveBackToInbox(ctx: AppContext, mailbox: MailboxRow, record: MessageRecord) {
  if (!record.messageIdHeader) {
    throw new BuzonError("CONFLICT", "El correo no tiene Message-ID: muévelo a mano a la bandeja.");
  }
  const holder = `${ctx.instanceId}:retry:${randomBytes(4).toString("hex")}`;
  if (!(await acquireLease(ctx.db, mailbox.id, holder, ctx.now().getTime()))) {
    throw new BuzonError(
      "CONFLICT",
      "Otra ejecución está procesando este buzón; intenta en un momento.",
    );
  }
  try {
    const settings = await openMailboxSettings(ctx, mailbox);
    const client = await connectImap(
      settings,
      await resolveMailServer(ctx, settings.host, settings.port, settings.security),
    );
    try {
      const folders = await resolveFolders(client, settings.folders, false);
      await client.mailboxOpen(folders.failed);
      const found = await client.search(
        { header: { "message-id": record.messageIdHeader } },
        { uid: true },
      );
      const uids = Array.isArray(found) ? found : [];
      if (uids.length === 0)
        throw new BuzonError("NOT_FOUND", "El correo ya no está en la carpeta de fallidos.");
      const moved = await moveMessages(client, uids, folders.inbox);
      if (moved.size === 0)
        throw new BuzonError("FOLDER", "El servidor no movió el correo a la bandeja.");
    } finally {
      await closeImap(client);
    }
    await markRetried(ctx, record.id);
  } finally {
    await releaseLease(ctx.db, mailbox.id, holder);
  }
}

/** Reads the stored original again, as a new record of the same POP3 message. */
async function reprocessOriginal(ctx: AppContext, mailbox: MailboxRow, record: MessageRecord) {
  const raw = record.rawBlob ? await ctx.blobs.get(record.rawBlob) : null;
  if (!raw || record.reasonCode === "MESSAGE_TOO_LARGE") {
    throw new BuzonError("CONFLICT", "Buzón no guardó el original completo de este correo.");
  }
  const result = await processMessage(ctx, {
    companyId: record.companyId,
    mailboxId: mailbox.id,
    companyNit: await findCompanyNit(ctx, record.companyId),
    runId: null,
    source: {
      protocol: "pop3",
      sourceKey: `${record.sourceKey}#reintento-${ctx.now().getTime()}`,
      uidl: record.uidl ?? undefined,
      size: record.size,
    },
    raw,
    oversize: false,
  });
  // The server copy is gone and the backup already has the original: nothing left to settle.
  await markSettleState(ctx.db, [result.id], "settled", record.settledTo, ctx.now());
  await markRetried(ctx, record.id);
  return result.outcome;
}

export async function retryMessage(
  ctx: AppContext,
  companyId: number,
  id: number,
): Promise<RetryResult> {
  const record = await failedRecord(ctx, companyId, id);
  const mailbox = await findMailboxRow(ctx, companyId);
  if (!mailbox || mailbox.id !== record.mailboxId) throw new BuzonError("NOT_CONFIGURED");
  if (record.protocol === "pop3")
    return { outcome: await reprocessOriginal(ctx, mailbox, record), run: null };
  await moveBackToInbox(ctx, mailbox, record);
  return { outcome: null, run: await runIngestion(ctx, companyId, "manual") };
}
