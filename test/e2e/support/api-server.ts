/** The Buzón API in-process on 127.0.0.1, on a fresh data folder, with a known token. */
import { serve, type ServerType } from "@hono/node-server";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../../api/app.ts";
import { createContext, loadConfig } from "../../../api/config.ts";
import { bootstrapCompany } from "../../../api/security/tokens.ts";
import { mailServers } from "../../harness/index.ts";
import { findFreePorts } from "../../harness/free-port.ts";

export interface ApiServer {
  url: string;
  token: string;
  request(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/** `env`: more settings, e.g. BUZON_MS_CLIENT_ID and BUZON_MS_AUTHORITY for the test provider. */
export async function startApi(env: Record<string, string> = {}): Promise<ApiServer> {
  const dir = mkdtempSync(join(tmpdir(), "buzon-e2e-"));
  const [port] = (await findFreePorts(1)) as [number];
  const token = `bz_${randomBytes(24).toString("hex")}`;
  const { smtpPort } = mailServers();
  const config = loadConfig({
    BUZON_DATA_DIR: dir,
    BUZON_HOST: "127.0.0.1",
    BUZON_PORT: String(port),
    BUZON_ALLOW_PRIVATE_HOSTS: "true",
    BUZON_BOOTSTRAP_TOKEN: token,
    BUZON_SMTP_URL: `smtp://localhost:${smtpPort}`,
    BUZON_MAIL_FROM: "buzon@buzon.test",
    BUZON_POLL_MINUTES: "0",
    BUZON_LOG_LEVEL: "silent",
    ...env,
  });
  const ctx = await createContext(config);
  // Discovery from presets only: the popup asks /providers/suggest as the address is typed, and
  // no DNS or autoconfig question may leave the machine.
  ctx.dnsServers = [];
  await bootstrapCompany(ctx, token);
  const app = createApp(ctx);

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    token,
    request: (path, init = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
      }),
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      ctx.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
