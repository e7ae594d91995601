/**
 * An app on a real libsql file database in a fresh temp folder, for route tests through
 * app.request: no server, no port, no mail.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createApp } from "../app.ts";
import type { AppContext } from "../context.ts";
import { openDatabase } from "../db/client.ts";
import { companies } from "../db/schema.ts";
import { createLogger } from "../lib/logger.ts";
import { createSecretBox } from "../security/secrets.ts";
import { bootstrapCompany, createToken } from "../security/tokens.ts";
import { createFileBlobStore } from "../store/blobs.ts";

export interface ApiHarness {
  ctx: AppContext;
  app: ReturnType<typeof createApp>;
  companyId: number;
  token: string;
  logLines: string[];
  setNow(date: Date): void;
  /** A request with the first company's token (or the given one) and a JSON body. */
  call(method: string, path: string, body?: unknown, token?: string): Promise<Response>;
  addCompany(): Promise<{ companyId: number; token: string }>;
  dispose(): void;
}

export async function createApiHarness(): Promise<ApiHarness> {
  const dir = mkdtempSync(join(tmpdir(), "buzon-api-"));
  const database = await openDatabase(`file:${join(dir, "buzon.db")}`);
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  let now: Date | null = null;
  const ctx: AppContext = {
    db: database.db,
    blobs: createFileBlobStore(join(dir, "blobs")),
    secrets: await createSecretBox(crypto.getRandomValues(new Uint8Array(32))),
    mailer: null,
    logger: createLogger("debug", sink),
    now: () => now ?? new Date(),
    allowPrivateHosts: true,
    // Discovery stays on presets: route tests never ask a real resolver.
    dnsServers: [],
    // Nor do mailbox hosts: a name (not an IP literal) is "not found" instead of a DNS query.
    lookupHost: async (host) => {
      throw Object.assign(new Error(`route tests resolve no names (${host})`), {
        code: "ENOTFOUND",
      });
    },
    instanceId: "api-test",
  };
  const first = (await bootstrapCompany(ctx))!;
  const app = createApp(ctx);

  const call = async (method: string, path: string, body?: unknown, token = first.token) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  return {
    ctx,
    app,
    companyId: first.companyId,
    token: first.token,
    logLines,
    setNow: (date) => {
      now = date;
    },
    call,
    async addCompany() {
      const [row] = await ctx.db.insert(companies).values({}).returning({ id: companies.id });
      const created = await createToken(ctx, row!.id, "second");
      return { companyId: row!.id, token: created.token };
    },
    dispose() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
