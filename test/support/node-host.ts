/**
 * Starts the real Node host (api/node.ts) as a child process on a loopback port, as `npm start`
 * does, and captures everything it prints.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NODE_HOST_FLAGS } from "../../api/node-flags.ts";

const NODE_ENTRY = fileURLToPath(new URL("../../api/node.ts", import.meta.url));

export interface NodeHost {
  url: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`the host exited early:\n${output()}`);
    const ok = await fetch(`${url}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the host did not answer /api/v1/health:\n${output()}`);
}

export async function startNodeHost(env: Record<string, string>): Promise<NodeHost> {
  const dataDir = mkdtempSync(join(tmpdir(), "buzon-host-"));
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_HOST_FLAGS, NODE_ENTRY], {
    env: { PATH: process.env.PATH, BUZON_DATA_DIR: dataDir, BUZON_PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  child.stdout!.on("data", (chunk) => (printed += chunk));
  child.stderr!.on("data", (chunk) => (printed += chunk));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => printed);
  return {
    url,
    dataDir,
    output: () => printed,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((resolve) => child.once("exit", resolve));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
