/** Runs one ingestion in a child Node process (test/support/ingest-child.ts). */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RunStep, RunSummary } from "../../api/ingest/index.ts";
import type { ContextSpec } from "./build-context.ts";

const CHILD = fileURLToPath(new URL("./ingest-child.ts", import.meta.url));

export interface ChildOrder {
  spec: ContextSpec;
  companyId: number;
  /** Kill the child with SIGKILL after this step has happened `after` times. */
  step?: RunStep;
  after?: number;
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
  const { nodeFlags = [], ...rest } = order;
  const args = [...nodeFlags, "--import", "tsx", CHILD, JSON.stringify(rest)];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) =>
    child.on("exit", (_code, signal) => {
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
