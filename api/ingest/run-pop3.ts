/**
 * One POP3 ingestion (RFC 1939). Per message: record with documents → forward the original to the
 * backup address → DELE. Deletions take effect only at QUIT, so a run cut off anywhere leaves every
 * message on the server and the records say which step is left: a "forwarded" one only needs DELE.
 */
import type { AppContext } from "../context.ts";
import { MAX_MESSAGE_BYTES } from "../lib/limits.ts";
import type { ResolvedHost } from "../security/host-policy.ts";
import type { Pop3Client } from "../sources/pop3/index.ts";
import { openPop3Session } from "./pop3-session.ts";
import { toMailError } from "../sources/connection-errors.ts";
import { forwardOriginal } from "./forward.ts";
import { batchesOf } from "./batches.ts";
import { keepOriginals, readMessage, type PreparedMessage } from "./prepare-message.ts";
import { recordMessages } from "./record-messages.ts";
import {
  loadRecords,
  loadUnsettled,
  markSettleState,
  settleGoneElsewhere,
  type MessageRecord,
} from "./records.ts";
import type { RunContext } from "./run-imap.ts";

/** What forwarding needs of a stored e-mail, whether just taken or recorded by an earlier run. */
type Stored = Pick<MessageRecord, "id" | "outcome" | "reasonCode" | "subject" | "rawBlob">;

interface Listed {
  msg: number;
  uidl: string;
  size: number;
}

async function listMaildrop(client: Pop3Client): Promise<Listed[]> {
  const sizes = new Map((await client.list()).map((entry) => [entry.msg, entry.size]));
  return (await client.uidl()).map((entry) => ({
    msg: entry.msg,
    uidl: entry.uid,
    size: sizes.get(entry.msg) ?? 0,
  }));
}

class Pop3Run {
  /** Records whose DELE the server accepted: settled once QUIT commits them. */
  readonly deleted: number[] = [];

  constructor(
    readonly run: RunContext,
    readonly client: Pop3Client,
  ) {}

  get ctx(): AppContext {
    return this.run.ctx;
  }

  /** An e-mail an earlier run recorded: only its server-side steps are left. */
  async resume(item: Listed, record: MessageRecord) {
    if (record.settleState === "settled" || record.settleState === "forwarded") {
      return this.dele(item, record.id);
    }
    if (record.reasonCode === "MESSAGE_TOO_LARGE") {
      this.run.tally.pending += 1;
      return;
    }
    await this.forwardThenDele(item, record);
  }

  /**
   * RETRs a batch (the next message is on the wire while one is read), records it in one
   * transaction and answers each e-mail with its record and, for forwarding, its bytes.
   */
  async take(batch: Listed[]): Promise<{ item: Listed; stored: Stored; raw: Uint8Array }[]> {
    const kept: Promise<PreparedMessage>[] = [];
    const raws: Uint8Array[] = [];
    const ms: number[] = [];
    let next = this.retrieve(batch[0]);
    for (const [index, item] of batch.entries()) {
      const started = performance.now();
      const raw = await next!;
      next = this.retrieve(batch[index + 1]);
      const read = await readMessage(this.ctx, this.inputFor(item, raw));
      const keeping = keepOriginals(this.ctx, read);
      keeping.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
      kept.push(keeping);
      raws.push(raw);
      ms.push(Math.round(performance.now() - started));
    }
    const results = await recordMessages(this.ctx, await Promise.all(kept));

    this.run.tally.fetched += results.length;
    for (const [index, result] of results.entries()) {
      const { uidl, size: bytes } = batch[index]!;
      const { outcome, reasonCode: code } = result;
      this.run.tally.count(outcome);
      const line = { runId: this.run.runId, uidl, outcome, code, bytes, ms: ms[index] };
      this.ctx.logger.info(line, "message");
      await this.run.hooks.afterStep?.("stored", { messageIds: [result.id] });
    }
    return results.map((stored, index) => ({ item: batch[index]!, stored, raw: raws[index]! }));
  }

  /** Forwards and deletes a taken batch, one e-mail after another. */
  async settle(taken: { item: Listed; stored: Stored; raw: Uint8Array }[]): Promise<void> {
    for (const { item, stored, raw } of taken) {
      if (this.tooLarge(stored)) continue;
      await this.forwardThenDele(item, stored, raw);
      await this.run.keepAlive();
    }
  }

  /** RETR started now and awaited later; a failure meanwhile is not left unhandled. */
  private retrieve(item: Listed | undefined): Promise<Uint8Array> | null {
    if (!item) return null;
    if (item.size > MAX_MESSAGE_BYTES) return Promise.resolve(new Uint8Array());
    const raw: Promise<Uint8Array> = this.client.retr(item.msg, MAX_MESSAGE_BYTES);
    raw.catch(() => undefined);
    return raw;
  }

  private inputFor(item: Listed, raw: Uint8Array) {
    return {
      companyId: this.run.settings.companyId,
      mailboxId: this.run.settings.id,
      companyNit: this.run.companyNit,
      runId: this.run.runId,
      source: {
        protocol: "pop3" as const,
        sourceKey: `pop3:${item.uidl}`,
        uidl: item.uidl,
        size: item.size,
      },
      raw,
      oversize: item.size > MAX_MESSAGE_BYTES,
    };
  }

  private tooLarge(stored: Stored): boolean {
    if (stored.reasonCode !== "MESSAGE_TOO_LARGE") return false;
    this.run.tally.note("Un correo supera el tamaño máximo: queda en el buzón POP3 sin reenviar.");
    this.run.tally.pending += 1;
    return true;
  }

  private async forwardThenDele(item: Listed, record: Stored, taken?: Uint8Array) {
    const { mailer } = this.ctx;
    const backup = this.run.settings.backupEmail;
    if (!mailer || !backup) {
      this.run.tally.pending += 1;
      this.run.tally.note(
        mailer
          ? "Falta el correo de respaldo: los correos POP3 no se eliminan del servidor."
          : "BUZON_SMTP_URL no está configurado: sin reenvío al correo de respaldo, los correos POP3 no se eliminan del servidor.",
      );
      return;
    }
    const raw =
      taken ??
      ((record.rawBlob && (await this.ctx.blobs.get(record.rawBlob))) ||
        (await this.client.retr(item.msg, MAX_MESSAGE_BYTES)));
    try {
      await forwardOriginal(mailer, {
        to: backup,
        outcome: record.outcome,
        reasonCode: record.reasonCode,
        subject: record.subject,
        uidl: item.uidl,
        raw,
      });
    } catch (error) {
      this.run.tally.pending += 1;
      this.run.tally.note(
        "El servidor SMTP no aceptó el reenvío al correo de respaldo; el correo queda en el buzón.",
      );
      const cause = (error as { cause?: Error }).cause;
      this.ctx.logger.warn(
        { runId: this.run.runId, uidl: item.uidl, code: (error as { code?: string }).code },
        "forward failed",
      );
      this.ctx.logger.debug(
        { runId: this.run.runId, cause: cause?.message },
        "forward failure cause",
      );
      return;
    }
    await markSettleState(this.ctx.db, [record.id], "forwarded", backup, this.ctx.now());
    await this.run.hooks.afterStep?.("forwarded", { messageIds: [record.id] });
    await this.dele(item, record.id);
  }

  private async dele(item: Listed, recordId: number) {
    await this.client.dele(item.msg);
    this.deleted.push(recordId);
    await this.run.hooks.afterStep?.("deleted", { messageIds: [recordId] });
  }
}

/**
 * Each batch is retrieved and recorded, then forwarded and deleted. Forwards go one at a time,
 * each marked right after the SMTP server accepts it, so a crash repeats at most one forward.
 */
async function takeAndSettle(pop3: Pop3Run, fresh: Listed[]): Promise<void> {
  for (const batch of batchesOf(fresh)) await pop3.settle(await pop3.take(batch));
}

/**
 * Records left unsettled whose message is no longer in the maildrop: a run that died after QUIT
 * committed its deletions (forwarded ones are done), or a message removed by someone else.
 */
async function settleVanished(run: RunContext, listed: Listed[]) {
  const present = new Set(listed.map((item) => `pop3:${item.uidl}`));
  const vanished = (await loadUnsettled(run.ctx.db, run.settings.id)).filter(
    (record) => record.protocol === "pop3" && !present.has(record.sourceKey),
  );
  const done = vanished.filter((record) => record.settleState === "forwarded");
  const elsewhere = vanished.filter((record) => record.settleState !== "forwarded");
  await markSettleState(
    run.ctx.db,
    done.map((r) => r.id),
    "settled",
    run.settings.backupEmail,
    run.ctx.now(),
  );
  const note = (text: string) => run.tally.note(text);
  await settleGoneElsewhere(
    run.ctx.db,
    elsewhere.map((r) => r.id),
    run.ctx.now(),
    note,
  );
}

export async function ingestPop3(run: RunContext, target: ResolvedHost): Promise<void> {
  const { settings } = run;
  let client: Pop3Client;
  try {
    client = await openPop3Session(settings, target, run.ctx.commandTimeoutMs);
  } catch (error) {
    throw toMailError(error);
  }
  try {
    const listed = await listMaildrop(client);
    await settleVanished(run, listed);
    const known = await loadRecords(
      run.ctx.db,
      settings.id,
      listed.map((item) => `pop3:${item.uidl}`),
    );
    const pop3 = new Pop3Run(run, client);
    const fresh: Listed[] = [];
    for (const item of listed) {
      const record = known.get(`pop3:${item.uidl}`);
      if (!record) {
        fresh.push(item);
        continue;
      }
      await pop3.resume(item, record);
      await run.keepAlive();
    }
    await takeAndSettle(pop3, fresh);
    await client.quit();
    await run.hooks.afterStep?.("quit", { messageIds: pop3.deleted });
    await markSettleState(run.ctx.db, pop3.deleted, "settled", settings.backupEmail, run.ctx.now());
    run.tally.settled += pop3.deleted.length;
  } catch (error) {
    throw toMailError(error);
  } finally {
    client.close();
  }
}
