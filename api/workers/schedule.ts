/**
 * The Workers cron: the same housekeeping as the Node scheduler (password-expiry alerts, OAuth
 * grant upkeep, health), but a due mailbox is queued instead of ingested here, so each run gets
 * its own consumer invocation and its own time budget.
 */
import type { AppContext } from "../context.ts";
import { DEFAULT_STALE_HOURS } from "../alerts/health.ts";
import { scheduleTick } from "../ingest/scheduler.ts";
import type { IngestJob, Queue } from "./bindings.ts";

/** Queues every due mailbox; answers how many were queued. */
export async function scheduleDueMailboxes(
  ctx: AppContext,
  queue: Queue<IngestJob>,
  pollMinutes: number,
  staleHours = DEFAULT_STALE_HOURS,
): Promise<number> {
  const queued = await scheduleTick(ctx, pollMinutes, staleHours, async (due) => {
    // A queue batch takes at most 100 messages.
    for (let i = 0; i < due.length; i += 100) {
      const jobs = due.slice(i, i + 100).map((row) => ({ body: { companyId: row.companyId } }));
      await queue.sendBatch(jobs);
    }
  });
  ctx.logger.info({ queued }, "cron");
  return queued;
}
