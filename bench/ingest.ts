/** Runs ingest-child.ts over a fresh data folder and reads the line it prints. */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { IngestOrder } from "./ingest-child.ts";
import type { BenchServers } from "./mail-servers.ts";
import { NODE_HOST_FLAGS } from "../api/node-flags.ts";

const CHILD = fileURLToPath(new URL("./ingest-child.ts", import.meta.url));

/** Longest a child may take: the slowest expected run is about 3 minutes on 2 cores. */
const CHILD_TIMEOUT_MS = 12 * 60_000;

export interface IngestResult {
  ms: number;
  runs: number;
  okRuns: number;
  slowestRunMs: number;
  fetched: number;
  settled: number;
  /** E-mails stored (counted by the run's hook), and when a deadline stopped the run. */
  taken: number;
  stoppedAtMs: number | null;
  errors: string[];
  notes: string[];
  outcomes: Record<string, number>;
  startRssBytes: number;
  peakRssBytes: number;
  /** process.memoryUsage() at the highest RSS sampled during the run. */
  memoryAtPeak: NodeJS.MemoryUsage;
  /** The data folder, kept for the HTTP measurement; the caller removes it. */
  dir: string;
  secretKey: string;
}

export async function ingestInChild(
  servers: BenchServers,
  order: Omit<IngestOrder, "spec">,
): Promise<IngestResult> {
  const dir = mkdtempSync(join(tmpdir(), "buzon-bench-data-"));
  const secretKey = randomBytes(32).toString("hex");
  const { host, smtpPort, caPem } = servers;
  const spec = { dir, secretKey, servers: { host, smtpPort, caPem }, smtp: true };
  const args = [...NODE_HOST_FLAGS, CHILD, JSON.stringify({ ...order, spec })];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
    child.on("exit", (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  if (code !== 0 || !stdout.trim()) {
    throw new Error(`ingestion child exited ${code ?? signal}:\n${stderr.slice(-3_000)}`);
  }
  return { ...JSON.parse(stdout.trim().split("\n").pop()!), dir, secretKey };
}
