/**
 * Child process for crash tests: runs one ingestion over the given context folder and kills
 * itself with SIGKILL right after the named step has happened `after` times. No cleanup runs:
 * that is the point.
 */
import { runIngestion, type RunStep } from "../../api/ingest/index.ts";
import { buildContext, type ContextSpec } from "./build-context.ts";

interface CrashOrder {
  spec: ContextSpec;
  companyId: number;
  step: RunStep;
  after: number;
}

const order = JSON.parse(process.argv[2] ?? "{}") as CrashOrder;
const ctx = await buildContext(order.spec);
let seen = 0;
const summary = await runIngestion(ctx, order.companyId, "cli", {
  afterStep(step) {
    if (step !== order.step) return;
    seen += 1;
    if (seen >= order.after) process.kill(process.pid, "SIGKILL");
  },
});
process.stdout.write(JSON.stringify(summary));
ctx.close();
