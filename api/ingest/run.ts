/**
 * Runs one ingestion for a company's mailbox: lease, connect, take every message, settle, record
 * the run. Per-message problems are counted and the run goes on; only account-level failures
 * (DNS, connection, TLS, login, folders) end it, and they are recorded on the mailbox.
 */
import { eq, sql } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import type { AppContext } from "../context.ts";
import { mailboxes, runs } from "../db/schema.ts";
import { BuzonError, isBuzonError } from "../lib/errors.ts";
import { LEASE_MS } from "../lib/limits.ts";
import { explainLoginRefusal } from "../oauth/basic-auth-refusal.ts";
import { isSignInRequired } from "../oauth/token-store.ts";
import { resolveMailServer } from "../security/host-policy.ts";
import { toMailError } from "../sources/connection-errors.ts";
import { acquireLease, releaseLease, renewLease } from "./lease.ts";
import { ingestImap, type RunContext } from "./run-imap.ts";
import { ingestPop3 } from "./run-pop3.ts";
import { findCompanyNit, findMailboxRow, openMailboxSettings } from "./settings.ts";
import { Tally, type RunHooks } from "./tally.ts";
import type { MailboxSettings, RunSummary, RunTrigger } from "./types.ts";

function summarize(
  runId: number | null,
  status: RunSummary["status"],
  tally: Tally,
  ms: number,
  error?: BuzonError,
): RunSummary {
  return {
    runId,
    status,
    fetched: tally.fetched,
    processed: tally.processed,
    failed: tally.failed,
    duplicates: tally.duplicates,
    events: tally.events,
    settled: tally.settled,
    pending: tally.pending,
    ms,
    errorCode: error?.code ?? null,
    errorMessage: error?.userMessage ?? null,
    notes: tally.notes,
  };
}

function keepAliveFor(ctx: AppContext, mailboxId: number, holder: string) {
  let renewedAt = Date.now();
  return async () => {
    if (Date.now() - renewedAt < LEASE_MS / 3) return;
    renewedAt = Date.now();
    if (!(await renewLease(ctx.db, mailboxId, holder, ctx.now().getTime()))) {
      throw new BuzonError("CONFLICT", "Otra ejecución tomó el buzón; esta se detiene.");
    }
  };
}

function stateAfter(summary: RunSummary, failure: BuzonError | undefined): string {
  if (summary.status === "ok") return "ok";
  return isSignInRequired(failure) ? "needs_signin" : "error";
}

async function recordRun(
  ctx: AppContext,
  mailboxId: number,
  summary: RunSummary,
  startedAt: Date,
  failure?: BuzonError,
) {
  const finishedAt = ctx.now().toISOString();
  await ctx.db
    .update(runs)
    .set({
      status: summary.status,
      finishedAt,
      fetched: summary.fetched,
      processed: summary.processed,
      failed: summary.failed,
      duplicates: summary.duplicates,
      events: summary.events,
      settled: summary.settled,
      pending: summary.pending,
      ms: summary.ms,
      errorCode: summary.errorCode,
      errorMessage: summary.errorMessage,
      notes: summary.notes.join("\n") || null,
    })
    .where(eq(runs.id, summary.runId!));
  await ctx.db
    .update(mailboxes)
    .set({
      state: stateAfter(summary, failure),
      lastErrorCode: summary.errorCode,
      lastErrorMessage: summary.errorMessage,
      lastRunAt: startedAt.toISOString(),
      ...(summary.status === "ok"
        ? { lastSuccessAt: startedAt.toISOString(), failingSince: null }
        : { failingSince: sql`coalesce(${mailboxes.failingSince}, ${startedAt.toISOString()})` }),
    })
    .where(eq(mailboxes.id, mailboxId));
}

export async function runIngestion(
  ctx: AppContext,
  companyId: number,
  trigger: RunTrigger,
  hooks: RunHooks = {},
): Promise<RunSummary> {
  const row = await findMailboxRow(ctx, companyId);
  if (!row) throw new BuzonError("NOT_CONFIGURED");
  const holder = `${ctx.instanceId}:${randomBytes(4).toString("hex")}`;
  const startedAt = ctx.now();
  const tally = new Tally();
  if (!(await acquireLease(ctx.db, row.id, holder, startedAt.getTime()))) {
    tally.note("Otra ejecución está procesando este buzón.");
    return summarize(null, "busy", tally, 0);
  }

  const [runRow] = await ctx.db
    .insert(runs)
    .values({
      companyId,
      mailboxId: row.id,
      trigger,
      startedAt: startedAt.toISOString(),
      status: "running",
    })
    .returning({ id: runs.id });
  const runId = runRow!.id;
  const clock = performance.now();
  let summary: RunSummary;
  let failure: BuzonError | undefined;
  let settings: MailboxSettings | undefined;
  try {
    settings = await openMailboxSettings(ctx, row);
    const run: RunContext = {
      ctx,
      settings,
      companyNit: await findCompanyNit(ctx, companyId),
      runId,
      tally,
      hooks,
      keepAlive: keepAliveFor(ctx, row.id, holder),
    };
    const target = await resolveMailServer(ctx, settings.host, settings.port, settings.security);
    await (settings.protocol === "imap" ? ingestImap(run, target) : ingestPop3(run, target));
    summary = summarize(runId, "ok", tally, Math.round(performance.now() - clock));
  } catch (error) {
    // The opened settings know who signed in, for a shared mailbox's refusal.
    const login = settings ?? row;
    failure = explainLoginRefusal(isBuzonError(error) ? error : toMailError(error), login);
    ctx.logger.warn({ runId, code: failure.code }, "run failed");
    // The server's own words may name the account: debug only.
    ctx.logger.debug(
      { runId, cause: String((failure.cause as Error | undefined)?.message ?? "") },
      "run failure cause",
    );
    summary = summarize(runId, "failed", tally, Math.round(performance.now() - clock), failure);
  } finally {
    await releaseLease(ctx.db, row.id, holder);
  }
  await recordRun(ctx, row.id, summary, startedAt, failure);
  ctx.logger.info({ ...summary, notes: undefined }, "run");
  return summary;
}
