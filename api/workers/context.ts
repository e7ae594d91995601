/**
 * The AppContext on Cloudflare Workers: the same BUZON_* variables as the Node host (read by the
 * same zod schema), libsql over HTTP (a Turso database), R2 for blobs. Built once per isolate.
 */
import { createClient } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import { createMailer } from "../alerts/mailer.ts";
import { ConfigError, loadConfig, type Config } from "../config.ts";
import type { AppContext } from "../context.ts";
import * as schema from "../db/schema.ts";
import { createLogger } from "../lib/logger.ts";
import { createSecretBox, parseSecretKey } from "../security/secrets.ts";
import { createR2BlobStore } from "./r2-blobs.ts";
import { createDohClient, DEFAULT_DOH_URL } from "./doh.ts";
import type { WorkerEnv } from "./bindings.ts";

const WEB_SCHEMES = ["libsql:", "http:", "https:", "ws:", "wss:"];

/** Only the string variables: bindings (R2, Queue) are objects. */
function variables(env: WorkerEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === "string") out[name] = value;
  }
  return out;
}

export interface WorkerHost {
  ctx: AppContext;
  config: Config;
}

export async function createWorkerContext(env: WorkerEnv): Promise<WorkerHost> {
  // No data folder on Workers: the database URL is required below, blobs go to R2.
  const config = loadConfig(variables(env), { dataDir: () => "/" });
  // No disk here: the database must be a server and the key must come from a secret.
  if (!env.BUZON_DATABASE_URL || !WEB_SCHEMES.some((s) => config.databaseUrl.startsWith(s))) {
    throw new ConfigError(
      "BUZON_DATABASE_URL",
      "en Workers debe ser una base libsql por red (libsql://, https://; http:// en local) / on Workers it must be a libsql server URL",
    );
  }
  if (!config.secretKey) {
    throw new ConfigError("BUZON_SECRET_KEY", "obligatoria en Workers / required on Workers");
  }
  // node:dns cannot be aimed at a resolver in workerd: names are asked over DoH instead.
  const doh = createDohClient(config.dohUrl ?? DEFAULT_DOH_URL);
  const client = createClient({
    url: config.databaseUrl,
    ...(config.databaseAuthToken ? { authToken: config.databaseAuthToken } : {}),
  });
  const ctx: AppContext = {
    db: drizzle(client, { schema }),
    blobs: createR2BlobStore(env.BLOBS),
    secrets: await createSecretBox(
      parseSecretKey(config.secretKey),
      config.previousSecretKeys.map(parseSecretKey),
    ),
    // No files here: the relay's certificate must chain to a public CA (BUZON_SMTP_CA is ignored).
    mailer: config.smtp ? createMailer({ url: config.smtp.url, from: config.smtp.from }) : null,
    logger: createLogger(config.logLevel),
    now: () => new Date(),
    allowPrivateHosts: config.allowPrivateHosts,
    implicitTlsOnly: true,
    // The socket's peer is Cloudflare's edge; the client is in the header the edge sets.
    clientAddressHeader: "cf-connecting-ip",
    allowedPorts: config.allowedPorts,
    oauth: config.oauth,
    lookupHost: doh.lookupHost,
    resolver: doh,
    instanceId: `worker:${crypto.randomUUID()}`,
  };
  return { ctx, config };
}
