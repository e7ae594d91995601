import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import {
  OAUTH2_EXT_FILE,
  renderDovecotConfig,
  renderOAuth2Ext,
  renderSharedMailboxPassdb,
  SHARED_MAILBOX_PASSDB_FILE,
  type DovecotOptions,
} from "./dovecot-config.ts";

export const DOVECOT_BINARIES = ["/usr/sbin/dovecot", "/usr/lib/dovecot/pop3"];
/** Debian's dovecot-auth-lua: the shared-mailbox passdb runs on it. */
export const DOVECOT_LUA_PASSDB = "/usr/lib/dovecot/modules/auth/libauthdb_lua.so";

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const finish = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once("connect", () => finish(true)).once("error", () => finish(false));
    socket.setTimeout(1_000, () => finish(false));
  });
}

/** Resolves once something accepts TCP connections on the port, or rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await canConnect(port)) return;
    await sleep(20);
  }
  throw new Error(`Dovecot did not open port ${port} within ${timeoutMs} ms`);
}

/** Writes the config, starts the daemon and returns the master PID once every port answers. */
export async function startDovecot(o: DovecotOptions): Promise<{ pid: number }> {
  const configFile = join(o.root, "dovecot.conf");
  writeFileSync(configFile, renderDovecotConfig(o));
  writeFileSync(join(o.root, OAUTH2_EXT_FILE), renderOAuth2Ext(o.introspectionUrl));
  if (o.mailboxPermissionUrl) {
    const script = renderSharedMailboxPassdb(o.introspectionUrl, o.mailboxPermissionUrl);
    writeFileSync(join(o.root, SHARED_MAILBOX_PASSDB_FILE), script);
  }

  // The master forks into the background and keeps inherited pipes open, so stderr goes to a
  // file (config errors are reported there, before log_path is in use) rather than a pipe.
  const stderr = openSync(join(o.root, "log", "startup.err"), "w");
  const starter = spawn("dovecot", ["-c", configFile], { stdio: ["ignore", "ignore", stderr] });
  closeSync(stderr);
  const code = await new Promise<number | null>((resolve) => starter.once("exit", resolve));
  if (code !== 0) {
    throw new Error(`dovecot -c ${configFile} exited ${code}:\n${readLog(o.root)}`);
  }

  const pid = await readMasterPid(o.root);
  try {
    const ports = [o.imapPort, o.imapsPort, o.pop3Port, o.pop3sPort];
    await Promise.all(ports.map((port) => waitForPort(port)));
  } catch (error) {
    await stopDovecot(pid);
    throw new Error(`${(error as Error).message}:\n${readLog(o.root)}`);
  }
  return { pid };
}

/** The forked master writes master.pid a moment after the starter process has exited. */
async function readMasterPid(root: string): Promise<number> {
  const file = join(root, "run", "master.pid");
  const deadline = Date.now() + 5_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`Dovecot wrote no master.pid:\n${readLog(root)}`);
    await sleep(10);
  }
  return Number(readFileSync(file, "utf8").trim());
}

/** The end of Dovecot's log, for error messages: the root is removed after a failed start. */
function readLog(root: string): string {
  const files = ["startup.err", "dovecot.log"].map((name) => join(root, "log", name));
  const text = files
    .filter(existsSync)
    .map((file) => readFileSync(file, "utf8"))
    .join("");
  return text.slice(-2_000) || "(nothing logged)";
}

/** Stops only the master this run started, and waits (bounded) for it to go. */
export async function stopDovecot(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return; // Already gone.
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && isAlive(pid)) await sleep(25);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when the binaries the suite needs are installed. */
export function hasDovecot(): boolean {
  const installed = DOVECOT_BINARIES.every((file) => existsSync(file));
  return installed && spawnSync("dovecot", ["--version"]).status === 0;
}

export const hasDovecotLua = () => existsSync(DOVECOT_LUA_PASSDB);
