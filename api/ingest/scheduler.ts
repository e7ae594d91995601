/**
 * The Node host's clock: every minute it looks for mailboxes whose last run is older than
 * BUZON_POLL_MINUTES and runs them (a few at a time), and sends password-expiry alerts that are
 * due. The lease in runIngestion keeps two processes off one mailbox, so several hosts may share
 * one database.
 */
import type { AppContext } from "../context.ts";
import { mailboxes } from "../db/schema.ts";
import { sendExpiryAlert } from "../alerts/expiry.ts";
import { checkHealth, DEFAULT_STALE_HOURS, pollMinutesFor } from "../alerts/health.ts";
import type { MailboxRow } from "./settings.ts";
import { maintainGrants } from "../oauth/maintain.ts";
import { runIngestion } from "./run.ts";

const TICK_MS = 60_000;
/**
 * Mailboxes ingested at once by one host. A run mostly waits on its server (the benchmark saw 4 at
 * once take 0.64 of the sequential time for 200 small mailboxes); 12 keeps both cores busy
 * without opening hundreds of connections.
 */
const CONCURRENT_RUNS = 12;

function isDue(row: MailboxRow, pollMinutes: number, now: Date): boolean {
  const minutes = pollMinutesFor(row, pollMinutes, now);
  return !row.lastRunAt || now.getTime() - Date.parse(row.lastRunAt) >= minutes * 60_000 - 1_000;
}

async function checkAllHealth(ctx: AppContext, staleHours: number): Promise<void> {
  for (const row of await ctx.db.select().from(mailboxes)) {
    await checkHealth(ctx, row, staleHours).catch((error: { code?: string }) =>
      ctx.logger.warn({ mailboxId: row.id, code: error.code }, "health alert failed"),
    );
  }
}

/**
 * One tick of the schedule, whatever runs the mailboxes: password-expiry alerts, OAuth grant
 * upkeep, the due mailboxes handed to `handleDue` (run here on Node, queued on Workers), then the
 * health check. Answers how many mailboxes were due.
 */
export async function scheduleTick(
  ctx: AppContext,
  pollMinutes: number,
  staleHours: number,
  handleDue: (due: MailboxRow[]) => Promise<void>,
): Promise<number> {
  const rows = await ctx.db.select().from(mailboxes);
  for (const row of rows) {
    await sendExpiryAlert(ctx, row).catch((error: { code?: string }) =>
      ctx.logger.warn({ mailboxId: row.id, code: error.code }, "expiry alert failed"),
    );
  }
  // OAuth grants: weekly keep-alive refresh, reminder before the inactivity limit.
  await maintainGrants(ctx).catch((error: { code?: string }) =>
    ctx.logger.warn({ code: error.code }, "oauth maintenance failed"),
  );
  const due = rows.filter((row) => isDue(row, pollMinutes, ctx.now()));
  await handleDue(due);
  await checkAllHealth(ctx, staleHours);
  return due.length;
}

/** Runs the due mailboxes in this process, CONCURRENT_RUNS at a time. */
async function runConcurrently(ctx: AppContext, due: MailboxRow[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const row = due[next++]!;
      await runIngestion(ctx, row.companyId, "schedule").catch((error: { code?: string }) =>
        ctx.logger.error({ mailboxId: row.id, code: error.code }, "scheduled run failed"),
      );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_RUNS }, worker));
}

export function runDueMailboxes(
  ctx: AppContext,
  pollMinutes: number,
  staleHours = DEFAULT_STALE_HOURS,
): Promise<number> {
  return scheduleTick(ctx, pollMinutes, staleHours, (due) => runConcurrently(ctx, due));
}

/** Starts the schedule; answers a function that stops it and waits for the tick in flight. */
export function startScheduler(
  ctx: AppContext,
  pollMinutes: number,
  staleHours = DEFAULT_STALE_HOURS,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running
      .then(() => runDueMailboxes(ctx, pollMinutes, staleHours))
      .catch(() => undefined);
  };
  const first = setTimeout(tick, 1_000);
  const timer = setInterval(tick, TICK_MS);
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
