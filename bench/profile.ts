/**
 * `node --import tsx bench/profile.ts imap|pop3 [count] [huge]`: fills one mailbox (with the
 * 25 MB e-mail when `huge`), runs Buzón's ingestion child under `--cpu-prof`, and prints where
 * the child's CPU time went, by package or project file and by function. The profile stays in
 * bench/results/ for Chrome's DevTools. PROFILE_NODE_FLAGS adds flags to the child's Node.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fillMailboxes } from "./fill.ts";
import { startBenchServers } from "./mail-servers.ts";
import { NODE_HOST_FLAGS } from "../api/node-flags.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const CHILD = fileURLToPath(new URL("./ingest-child.ts", import.meta.url));
const OUT = fileURLToPath(new URL("./results/profiles", import.meta.url));

/** node_modules/<pkg> or the project path, so time adds up per library and per file. */
function placeOf(url: string): string {
  if (!url) return "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return url;
  const project = /\/(api|bench|test|shared)\/(.+)$/.exec(url);
  return project ? `${project[1]}/${project[2]}` : url;
}

function top(totals: Map<string, number>, all: number, n: number): string[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => `${((us / all) * 100).toFixed(1).padStart(5)}%  ${name}`);
}

function summarize(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const us = profile.timeDeltas[i] ?? 0;
    const place = placeOf(frame.url);
    const fn = `${frame.functionName || "(anonymous)"} ${place}:${frame.lineNumber + 1}`;
    all += us;
    places.set(place, (places.get(place) ?? 0) + us);
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  });
  return [
    `sampled ${(all / 1e6).toFixed(2)} s of CPU on the main thread`,
    "",
    "by place (self time):",
    ...top(places, all, 25),
    "",
    "by function (self time):",
    ...top(functions, all, 40),
  ].join("\n");
}

const protocol = process.argv[2] === "pop3" ? "pop3" : "imap";
const count = Number(process.argv[3] ?? 1_000);
const huge = process.argv[4] === "huge";
const nodeFlags = (process.env.PROFILE_NODE_FLAGS ?? "").split(" ").filter(Boolean);
const servers = await startBenchServers();
const dir = mkdtempSync(join(tmpdir(), "buzon-profile-"));
try {
  const [box] = (await fillMailboxes(servers, [`profile-${protocol}`], count, huge)).boxes;
  mkdirSync(OUT, { recursive: true });
  const { host, smtpPort, caPem } = servers;
  const spec = {
    dir,
    secretKey: randomBytes(32).toString("hex"),
    servers: { host, smtpPort, caPem },
    smtp: true,
  };
  const port = protocol === "imap" ? servers.imapsPort : servers.pop3sPort;
  const order = { protocol, port, users: [box], mode: "single", spec };
  const profDir = mkdtempSync(join(OUT, `${protocol}-`));
  const args = [...nodeFlags, "--cpu-prof", `--cpu-prof-dir=${profDir}`, ...NODE_HOST_FLAGS, CHILD];
  const child = spawn(process.execPath, [...args, JSON.stringify(order)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  await new Promise((resolve) => child.on("exit", resolve));
  console.log(stdout.trim());
  const file = readdirSync(profDir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error("the child wrote no profile");
  console.log(`\n${join(profDir, file)}`);
  console.log(summarize(JSON.parse(readFileSync(join(profDir, file), "utf8")) as CpuProfile));
} finally {
  rmSync(dir, { recursive: true, force: true });
  await servers.stop();
}
