/**
 * The Workers cron: the same housekeeping as the Node scheduler (password-expiry alerts, OAuth
 * grant upkeep, health), but a due mailbox is queued instead of ingested here, so each run gets
 * its own consumer invocation and its own time budget.
 */
import type { AppContext } from "../context.ts";
import { mailboxes } from "../db/schema.ts";
import { sendExpiryAlert } from "../alerts/expiry.ts";
import { checkHealth, DEFAULT_STALE_HOURS } from "../alerts/health.ts";
import { isDue } from "../ingest/scheduler.ts";
import { maintainGrants } from "../oauth/maintain.ts";
import type { IngestJob, Queue } from "./bindings.ts";

/** Queues every due mailbox; answers how many were queued. */
export async function scheduleDueMailboxes(
  ctx: AppContext,
  queue: Queue<IngestJob>,
  pollMinutes: number,
  staleHours = DEFAULT_STALE_HOURS,
): Promise<number> {
  const rows = await ctx.db.select().from(mailboxes);
  const warn = (mailboxId: number | null, what: string) => (error: { code?: string }) =>
    ctx.logger.warn({ mailboxId, code: error.code }, what);
  for (const row of rows) {
    await sendExpiryAlert(ctx, row).catch(warn(row.id, "expiry alert failed"));
  }
  await maintainGrants(ctx).catch(warn(null, "oauth maintenance failed"));
  const due = rows.filter((row) => isDue(row, pollMinutes, ctx.now()));
  // A queue batch takes at most 100 messages.
  for (let i = 0; i < due.length; i += 100) {
    await queue.sendBatch(
      due.slice(i, i + 100).map((row) => ({ body: { companyId: row.companyId } })),
    );
  }
  for (const row of rows) {
    await checkHealth(ctx, row, staleHours).catch(warn(row.id, "health alert failed"));
  }
  ctx.logger.info({ queued: due.length }, "cron");
  return due.length;
}
