/**
 * Buzón's whole pipeline in a process of its own, so its peak RSS is the host's: sets up the
 * companies and mailboxes in a fresh data folder, runs them as the order says, prints one JSON
 * line. Logs go to /dev/null at info level, as a host writing its log costs in production.
 */
import { count, eq } from "drizzle-orm";
import pino from "pino";
import { companies, mailboxes, messages, runs } from "../api/db/schema.ts";
import { runDueMailboxes, runIngestion, type RunSummary } from "../api/ingest/index.ts";
import { createLogger } from "../api/lib/logger.ts";
import {
  buildContext,
  type BuiltContext,
  type ContextSpec,
} from "../test/support/build-context.ts";
import { DEFAULT_CUSTOMER } from "../test/fixtures/index.ts";

export interface IngestOrder {
  spec: ContextSpec;
  protocol: "imap" | "pop3";
  port: number;
  users: { user: string; password: string }[];
  /** single: run until the inbox is empty; scheduler: runDueMailboxes; sequential: one by one. */
  mode: "single" | "scheduler" | "sequential";
  /** single mode: stop taking e-mails after this long (the run then ends as failed). */
  deadlineMs?: number;
}

class DeadlineReached extends Error {}

/** MAX_MESSAGES_PER_RUN caps one IMAP run at 5,000: a bigger inbox takes the next runs. */
const MAX_RUNS = 10;

async function addMailbox(ctx: BuiltContext, order: IngestOrder, user: IngestOrder["users"][0]) {
  const [company] = await ctx.db
    .insert(companies)
    .values({ name: "Comprador de Prueba S.A.", nit: DEFAULT_CUSTOMER.nit })
    .returning({ id: companies.id });
  await ctx.db.insert(mailboxes).values({
    companyId: company!.id,
    serverType: "basic",
    protocol: order.protocol,
    host: order.spec.servers.host,
    port: order.port,
    security: "ssl",
    username: user.user,
    passwordEnc: await ctx.secrets.seal(user.password),
    backupEmail: order.protocol === "pop3" ? "respaldo@buzon.test" : null,
    tlsCa: order.spec.servers.caPem,
  });
  return company!.id;
}

let taken = 0;
let stoppedAtMs: number | null = null;

/** Counts e-mails taken; past the deadline, throws from the hook, which ends the run there. */
function deadlineHooks(deadlineMs: number | undefined, started: number) {
  return {
    afterStep(step: string) {
      if (step !== "stored") return;
      taken += 1;
      if (deadlineMs === undefined || performance.now() - started < deadlineMs) return;
      stoppedAtMs = performance.now() - started;
      throw new DeadlineReached("bench deadline");
    },
  };
}

async function runUntilEmpty(ctx: BuiltContext, companyId: number): Promise<RunSummary[]> {
  const summaries: RunSummary[] = [];
  const hooks = deadlineHooks(order.deadlineMs, performance.now());
  for (let i = 0; i < MAX_RUNS && stoppedAtMs === null; i += 1) {
    const summary = await runIngestion(ctx, companyId, "cli", hooks);
    summaries.push(summary);
    if (summary.status !== "ok" || summary.fetched === 0) break;
  }
  return summaries;
}

async function outcomes(ctx: BuiltContext) {
  const rows = await ctx.db
    .select({ outcome: messages.outcome, reason: messages.reasonCode, n: count() })
    .from(messages)
    .groupBy(messages.outcome, messages.reasonCode);
  return Object.fromEntries(
    rows.map((r) => [r.reason ? `${r.outcome}:${r.reason}` : r.outcome, r.n]),
  );
}

const order = JSON.parse(process.argv[2] ?? "{}") as IngestOrder;
const ctx = await buildContext(order.spec);
ctx.logger = createLogger("info", pino.destination({ dest: "/dev/null", sync: true }));
const companyIds: number[] = [];
for (const user of order.users) companyIds.push(await addMailbox(ctx, order, user));
const startRssBytes = process.memoryUsage().rss;
/** process.memoryUsage() when RSS was highest (sampled), to tell the heap from buffers at peak. */
let atPeak = process.memoryUsage();
const sampler = setInterval(() => {
  // rss() alone is cheap; the full breakdown walks the heap's spaces, so only at a new peak.
  if (process.memoryUsage.rss() > atPeak.rss) atPeak = process.memoryUsage();
}, 5);

const started = performance.now();
let summaries: RunSummary[] = [];
if (order.mode === "scheduler") await runDueMailboxes(ctx, 0);
else if (order.mode === "sequential") {
  for (const id of companyIds) summaries.push(await runIngestion(ctx, id, "cli"));
} else summaries = await runUntilEmpty(ctx, companyIds[0]!);
const ms = performance.now() - started;
clearInterval(sampler);

const runRows = await ctx.db.select({ ms: runs.ms, status: runs.status }).from(runs);
const [okRuns] = await ctx.db.select({ n: count() }).from(runs).where(eq(runs.status, "ok"));
const result = {
  ms,
  runs: runRows.length,
  okRuns: okRuns?.n ?? 0,
  slowestRunMs: Math.max(0, ...runRows.map((r) => r.ms ?? 0)),
  fetched: summaries.reduce((sum, s) => sum + s.fetched, 0),
  settled: summaries.reduce((sum, s) => sum + s.settled, 0),
  taken,
  stoppedAtMs,
  errors: summaries
    .filter((s) => s.status !== "ok" && stoppedAtMs === null)
    .map((s) => `${s.errorCode}: ${s.errorMessage}`),
  notes: [...new Set(summaries.flatMap((s) => s.notes))],
  outcomes: await outcomes(ctx),
  startRssBytes,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  memoryAtPeak: atPeak,
  /** Where the memory is once the run is over: V8 heap, buffers, the rest (native, code). */
  endMemory: process.memoryUsage(),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
ctx.close();
