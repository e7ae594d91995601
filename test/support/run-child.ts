/** Runs one ingestion in a child Node process (test/support/ingest-child.ts). */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RunStep, RunSummary } from "../../api/ingest/index.ts";
import type { ContextSpec } from "./build-context.ts";
import { NODE_HOST_FLAGS } from "../../api/node-flags.ts";

const CHILD = fileURLToPath(new URL("./ingest-child.ts", import.meta.url));

export interface ChildOrder {
  spec: ContextSpec;
  companyId: number;
  /** Kill the child with SIGKILL after this step has happened `after` times. */
  step?: RunStep;
  after?: number;
  /** Kill the child with SIGKILL from outside after this many ms, wherever it is. */
  killAfterMs?: number;
  /** Extra Node flags, e.g. a heap cap. */
  nodeFlags?: string[];
}

export interface ChildResult {
  signal: string | null;
  stderr: string;
  summary: RunSummary | null;
  peakRssBytes: number | null;
}

export function runChild(order: ChildOrder): Promise<ChildResult> {
  const { nodeFlags = [], killAfterMs, ...rest } = order;
  const args = [...nodeFlags, ...NODE_HOST_FLAGS, CHILD, JSON.stringify(rest)];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const timer =
    killAfterMs === undefined ? null : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  return new Promise((resolve) =>
    child.on("exit", (_code, signal) => {
      if (timer) clearTimeout(timer);
      const parsed = stdout ? JSON.parse(stdout) : null;
      resolve({
        signal,
        stderr,
        summary: parsed?.summary ?? null,
        peakRssBytes: parsed?.peakRssBytes ?? null,
      });
    }),
  );
}
