/**
 * Child process for crash and memory tests: runs one ingestion over the given context folder.
 * With a `step`, it kills itself with SIGKILL right after that step has happened `after` times
 * (no cleanup runs: that is the point). It prints the run's summary and its peak RSS.
 */
import { runIngestion, type RunStep } from "../../api/ingest/index.ts";
import { buildContext, type ContextSpec } from "./build-context.ts";

interface CrashOrder {
  spec: ContextSpec;
  companyId: number;
  step?: RunStep;
  after?: number;
}

const order = JSON.parse(process.argv[2] ?? "{}") as CrashOrder;
const ctx = await buildContext(order.spec);
let seen = 0;
const summary = await runIngestion(ctx, order.companyId, "cli", {
  afterStep(step) {
    if (step !== order.step) return;
    seen += 1;
    if (seen >= (order.after ?? 1)) process.kill(process.pid, "SIGKILL");
  },
});
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ summary, peakRssBytes }));
ctx.close();
