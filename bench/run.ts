/**
 * `npm run bench`: starts the test Dovecot and SMTP sink, measures, prints one table with the
 * targets, writes bench/results/latest.json. It never fails on a target; it exits 1 only when a
 * measurement could not be taken. BENCH_QUICK=1 runs small sizes for development.
 */
import { rmSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { buildExtension, measureExtensionSizes, ROOT } from "./extension-size.ts";
import { measureHighlightLatency } from "./highlight-latency.ts";
import { measureHttp } from "./http-load.ts";
import { startBenchServers } from "./mail-servers.ts";
import { measureManyMailboxes } from "./many-mailboxes.ts";
import { measureSize, type SizeResult } from "./protocols.ts";
import { tableRows } from "./rows.ts";
import { printTable, writeResults } from "./report.ts";

const QUICK = process.env.BENCH_QUICK === "1";
const PLAN = QUICK
  ? { sizes: [100, 1_000], many: [20, 20], pop3BudgetMs: 30_000, httpSeconds: 3, loads: 3 }
  : { sizes: [1_000, 10_000], many: [200, 20], pop3BudgetMs: 90_000, httpSeconds: 10, loads: 7 };

const results: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  quick: QUICK,
  machine: {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    memoryBytes: totalmem(),
    node: process.version,
  },
  plan: PLAN,
  errors: {} as Record<string, string>,
};
const errors = results.errors as Record<string, string>;

/** Runs one measurement; a failure is recorded with its message and the others still run. */
async function attempt<T>(name: string, work: () => Promise<T>): Promise<T | undefined> {
  const started = performance.now();
  console.log(`… ${name}`);
  try {
    const value = await work();
    console.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return value;
  } catch (error) {
    errors[name] = (error as Error).stack ?? String(error);
    console.log(`  FAILED: ${(error as Error).message.split("\n")[0]}`);
    return undefined;
  }
}

const started = performance.now();
const servers = await startBenchServers();
const sizes: SizeResult[] = [];
try {
  for (const size of PLAN.sizes) {
    const huge = size === PLAN.sizes.at(-1);
    const result = await attempt(`mailboxes of ${size}`, () =>
      measureSize(servers, size, huge, PLAN.pop3BudgetMs),
    );
    if (result) sizes.push(result);
  }
  results.sizes = sizes.map(({ imapData: _data, ...rest }) => rest);
  const [mailboxes, per] = PLAN.many as [number, number];
  results.many = await attempt(`${mailboxes} mailboxes × ${per}`, () =>
    measureManyMailboxes(servers, mailboxes, per),
  );
} finally {
  await servers.stop();
}

const largest = sizes.at(-1);
if (largest) {
  results.http = await attempt(`HTTP with ${largest.messages} documents`, () =>
    measureHttp(largest.imapData.dir, largest.imapData.secretKey, PLAN.httpSeconds),
  );
}
for (const size of sizes) rmSync(size.imapData.dir, { recursive: true, force: true });

results.extension = await attempt("extension build and sizes", async () => ({
  buildMs: buildExtension(),
  sizes: measureExtensionSizes(),
}));
results.highlight = await attempt("highlight latency in Chromium", async () => {
  const latencies = await measureHighlightLatency(PLAN.loads);
  const sorted = [...latencies].sort((a, b) => a - b);
  return { latenciesMs: latencies, medianMs: sorted[Math.floor(sorted.length / 2)]! };
});
results.totalMs = performance.now() - started;

printTable(
  `Buzón benchmark${QUICK ? " (BENCH_QUICK)" : ""}: ${availableParallelism()} cores, ` +
    `${cpus()[0]?.model ?? ""}, Node ${process.version}`,
  tableRows(results),
);
const file = writeResults(ROOT, results);
console.log(`\nJSON: ${file}`);
for (const [name, error] of Object.entries(errors))
  console.log(`\nCould not measure ${name}:\n${error}`);
process.exitCode = Object.keys(errors).length > 0 || sizes.length === 0 ? 1 : 0;
