/**
 * The Workers path run locally: libsql-server (sqld, what Turso runs) on a loopback port for the
 * data, and `wrangler dev --local` (workerd with Miniflare's local R2 and Queues) serving
 * api/worker.ts. Nothing leaves 127.0.0.1: wrangler's telemetry, error reports and the Cloudflare
 * request-metadata fetch are switched off.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findFreePorts } from "../harness/free-port.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SQLD_BINARY = join(ROOT, "node_modules/.cache/sqld/sqld");
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");

export const hasSqld = () => existsSync(SQLD_BINARY);

interface Child {
  process: ChildProcess;
  output: () => string;
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Child {
  // Its own process group: wrangler starts workerd as a child, and stopping wrangler alone has
  // left workerd running (it ignores SIGTERM once its parent is gone).
  const child = spawn(command, args, {
    env,
    cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  child.stdout!.on("data", (chunk) => (printed += chunk));
  child.stderr!.on("data", (chunk) => (printed += chunk));
  return { process: child, output: () => printed };
}

/** Stops the child's whole process group; whatever is left of it after 5 s is killed. */
async function stop(child: Child | undefined): Promise<void> {
  const p = child?.process;
  if (!p?.pid) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-p.pid!, signal);
    } catch {
      // The group is gone already.
    }
  };
  if (p.exitCode === null && p.signalCode === null) {
    const exited = new Promise((resolve) => p.once("exit", resolve));
    signalGroup("SIGTERM");
    const timer = setTimeout(() => signalGroup("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
  // The leader may be gone while a grandchild (workerd) still runs.
  signalGroup("SIGKILL");
}

async function waitFor(
  what: string,
  child: Child,
  probe: () => Promise<boolean>,
  attempts = 300,
): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (child.process.exitCode !== null) {
      throw new Error(`${what} exited early:\n${child.output()}`);
    }
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not come up:\n${child.output()}`);
}

export interface SqldServer {
  url: string;
  stop(): Promise<void>;
}

/** A fresh libsql-server database on a loopback port, answering libsql's HTTP protocol. */
export async function startSqld(): Promise<SqldServer> {
  const dir = mkdtempSync(join(tmpdir(), "buzon-sqld-"));
  const [port] = (await findFreePorts(1)) as [number];
  const child = start(
    SQLD_BINARY,
    ["--db-path", join(dir, "data.sqld"), "--http-listen-addr", `127.0.0.1:${port}`],
    { PATH: process.env.PATH, RUST_LOG: "warn" },
    dir,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor("sqld", child, async () => (await fetch(`${url}/health`)).ok).catch(
    async (error: unknown) => {
      await stop(child);
      throw error;
    },
  );
  return {
    url,
    async stop() {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface WorkerHost {
  url: string;
  output: () => string;
  /** Fires the Cron Trigger once, as Cloudflare would on schedule. */
  triggerCron(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `wrangler dev --local` on a loopback port with the given BUZON_* variables. `caFile` is trusted
 * by workerd for outgoing TLS (NODE_EXTRA_CA_CERTS): the test mail server's CA.
 */
export async function startWorkerHost(
  vars: Record<string, string>,
  caFile: string,
): Promise<WorkerHost> {
  const state = mkdtempSync(join(tmpdir(), "buzon-wrangler-"));
  const [port, inspector] = (await findFreePorts(2)) as [number, number];
  const args = ["dev", "--local", "--ip", "127.0.0.1", "--port", String(port)];
  args.push(
    "--inspector-port",
    String(inspector),
    "--test-scheduled",
    "--show-interactive-dev-session=false",
  );
  args.push("--persist-to", join(state, "persist"), "--log-level", "info");
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const child = start(
    WRANGLER,
    args,
    {
      PATH: process.env.PATH,
      HOME: state,
      XDG_CONFIG_HOME: join(state, "config"),
      WRANGLER_LOG_PATH: join(state, "logs"),
      WRANGLER_SEND_METRICS: "false",
      WRANGLER_SEND_ERROR_REPORTS: "false",
      WRANGLER_HIDE_BANNER: "true",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      NODE_EXTRA_CA_CERTS: caFile,
      CI: "true",
    },
    ROOT,
  );
  const url = `http://127.0.0.1:${port}`;
  let last = "";
  await waitFor("wrangler dev", child, async () => {
    const res = await fetch(`${url}/api/v1/health`);
    last = `${res.status} ${await res.text()}`;
    return res.ok;
  }).catch(async (error: Error) => {
    await stop(child);
    rmSync(state, { recursive: true, force: true });
    throw new Error(`${error.message}\nlast answer: ${last}`);
  });
  return {
    url,
    output: child.output,
    async triggerCron() {
      const res = await fetch(`${url}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
      if (!res.ok) throw new Error(`cron trigger answered ${res.status}: ${await res.text()}`);
    },
    async stop() {
      await stop(child);
      rmSync(state, { recursive: true, force: true });
    },
  };
}
