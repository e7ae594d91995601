/**
 * Requests per second and p99 latency of two read routes on loopback, with autocannon (bounded
 * by duration) against serve-api.ts over the data folder of the 10,000-message IMAP run.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { NODE_HOST_FLAGS } from "../api/node-flags.ts";

const SERVER = fileURLToPath(new URL("./serve-api.ts", import.meta.url));
const CONNECTIONS = 10;

export interface RouteLoad {
  path: string;
  requestsPerSecond: number;
  p99Ms: number;
  p50Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

async function startServer(dataDir: string, secretKey: string) {
  const child = spawn(process.execPath, [...NODE_HOST_FLAGS, SERVER, dataDir, secretKey], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    child.once("exit", (code) => reject(new Error(`serve-api exited ${code}:\n${stderr}`)));
  });
  const { url, token } = JSON.parse(line) as { url: string; token: string };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { url, token, stop };
}

function load(url: string, token: string, path: string, seconds: number): Promise<RouteLoad> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}${path}`,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { authorization: `Bearer ${token}` },
      },
      (error: Error | null, result: autocannon.Result) => {
        if (error) return reject(error);
        resolve({
          path,
          requestsPerSecond: result.requests.average,
          p99Ms: result.latency.p99,
          p50Ms: result.latency.p50,
          requests: result.requests.total,
          non2xx: result.non2xx,
          errors: result.errors,
        });
      },
    );
  });
}

export async function measureHttp(dataDir: string, secretKey: string, seconds: number) {
  const server = await startServer(dataDir, secretKey);
  try {
    const routes: RouteLoad[] = [];
    for (const path of ["/api/v1/status", "/api/v1/documents"]) {
      routes.push(await load(server.url, server.token, path, seconds));
    }
    return { connections: CONNECTIONS, seconds, routes };
  } finally {
    await server.stop();
  }
}
