/**
 * The environment, read once at start-up and checked before anything opens: a wrong variable
 * stops the process with its name, instead of failing later in a corner. No other file reads
 * process.env.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { createMailer } from "./alerts/mailer.ts";
import type { AppContext } from "./context.ts";
import { openDatabase } from "./db/client.ts";
import { createLogger } from "./lib/logger.ts";
import {
  DEFAULT_GOOGLE_AUTH_URL,
  DEFAULT_GOOGLE_TOKEN_URL,
  DEFAULT_MS_AUTHORITY,
  type OAuthSettings,
} from "./oauth/providers.ts";
import { createSecretBox, generateSecretKey, parseSecretKey } from "./security/secrets.ts";
import { MIN_TOKEN_CHARS } from "./security/tokens.ts";
import { createFileBlobStore } from "./store/blobs.ts";

/** Found on call, not at load: the Workers bundle imports this module but has no files. */
const repoDataDir = () => fileURLToPath(new URL("../data", import.meta.url));

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const DATABASE_SCHEMES = ["file:", "libsql:", "http:", "https:", "ws:", "wss:"];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
  }
}

/** An unset or blank variable reads as absent, so `BUZON_PORT=` in a .env file means default. */
const text = () =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined),
    z.string().optional(),
  );

function integer(min: number, max: number, fallback: number) {
  return text().transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    const message = `debe ser un entero de ${min} a ${max} / must be an integer, ${min}–${max}`;
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  });
}

function check<T>(test: (v: string) => T | undefined, problem: string) {
  return text().transform((v, ctx) => {
    if (v === undefined) return undefined;
    const value = test(v);
    if (value !== undefined) return value;
    ctx.addIssue({ code: "custom", message: problem });
    return z.NEVER;
  });
}

const EnvSchema = z.object({
  BUZON_PORT: integer(1, 65535, 8787),
  BUZON_HOST: text().transform((v) => v ?? "127.0.0.1"),
  BUZON_DATA_DIR: text().transform((v) => (v ? resolve(v) : undefined)),
  BUZON_DATABASE_URL: check(
    (v) => (DATABASE_SCHEMES.some((s) => v.startsWith(s)) ? v : undefined),
    `debe empezar por / must start with ${DATABASE_SCHEMES.join(" ")}`,
  ),
  BUZON_DATABASE_AUTH_TOKEN: text(),
  BUZON_SECRET_KEY_PREVIOUS: check(
    (v) => (v.split(",").every((k) => tryKey(k.trim())) ? v : undefined),
    "claves de 32 bytes separadas por comas / 32-byte keys separated by commas",
  ),
  BUZON_SECRET_KEY: check(
    (v) => (tryKey(v) ? v : undefined),
    "debe tener 32 bytes en 64 hex o base64 / must be 32 bytes as 64 hex digits or base64",
  ),
  BUZON_SMTP_URL: check(
    (v) => (/^smtps?:\/\/[^\s/]+/.test(v) ? v : undefined),
    "debe ser una URL smtp:// o smtps:// / must be an smtp:// or smtps:// URL",
  ),
  BUZON_MAIL_FROM: check(
    (v) => (v.includes("@") ? v : undefined),
    "debe ser una dirección de correo / must be an e-mail address",
  ),
  BUZON_SMTP_CA: text().transform((v) => (v ? resolve(v) : undefined)),
  BUZON_POLL_MINUTES: integer(0, 24 * 60, 5),
  BUZON_STALE_HOURS: integer(1, 24 * 30, 6),
  BUZON_ALLOWED_PORTS: check(
    (v) =>
      v.split(",").every((p) => /^\d{1,5}$/.test(p.trim()) && +p > 0 && +p < 65536) ? v : undefined,
    "puertos separados por comas / comma-separated ports",
  ),
  BUZON_ALLOW_PRIVATE_HOSTS: check(
    (v) => ({ true: true, "1": true, false: false, "0": false })[v.toLowerCase()],
    'debe ser "true", "1", "false" o "0" / must be "true", "1", "false" or "0"',
  ),
  BUZON_BOOTSTRAP_TOKEN: check(
    (v) => (v.length >= MIN_TOKEN_CHARS && !/\s/.test(v) ? v : undefined),
    `${MIN_TOKEN_CHARS}+ caracteres, sin espacios / ${MIN_TOKEN_CHARS}+ characters, no spaces`,
  ),
  BUZON_PUBLIC_URL: check(
    (v) => (/^https?:\/\/[^\s/?#]+\/?$/.test(v) ? v.replace(/\/$/, "") : undefined),
    "debe ser una URL http(s):// sin ruta / must be an http(s):// URL without a path",
  ),
  BUZON_MS_CLIENT_ID: text(),
  BUZON_MS_CLIENT_SECRET: text(),
  BUZON_MS_TENANT: check(
    (v) => (/^[A-Za-z0-9.-]+$/.test(v) ? v : undefined),
    "common, organizations, consumers, un dominio o un id de tenant / a tenant name or id",
  ),
  BUZON_MS_AUTHORITY: url(),
  BUZON_GOOGLE_CLIENT_ID: text(),
  BUZON_GOOGLE_CLIENT_SECRET: text(),
  BUZON_GOOGLE_AUTH_URL: url(),
  BUZON_GOOGLE_TOKEN_URL: url(),
  BUZON_DNS_SERVERS: check((v) => {
    const servers = v.split(",").map((s) => s.trim());
    return servers.every((s) => /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\])(:\d{1,5})?$/i.test(s))
      ? servers
      : undefined;
  }, "direcciones IP separadas por comas (con :puerto opcional) / comma-separated IPs[:port]"),
  /** Workers only: the DNS-over-HTTPS resolver (JSON form) for mail hosts and discovery. */
  BUZON_DOH_URL: url(),
  BUZON_LOG_LEVEL: check(
    (v) => LOG_LEVELS.find((level) => level === v.toLowerCase()),
    `debe ser uno de / must be one of: ${LOG_LEVELS.join(", ")}`,
  ),
});

function url() {
  return check(
    (v) => (/^https?:\/\/\S+$/.test(v) ? v.replace(/\/$/, "") : undefined),
    "debe ser una URL http(s):// / must be an http(s):// URL",
  );
}

function tryKey(v: string): boolean {
  try {
    parseSecretKey(v);
    return true;
  } catch {
    return false;
  }
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  databaseAuthToken: string | null;
  /** null: the key lives in <dataDir>/secret.key (created on first start). */
  secretKey: string | null;
  /** Keys that only open (rotation in progress): `npm run buzon -- secrets rotate` re-seals. */
  previousSecretKeys: string[];
  smtp: { url: string; from: string; caPath: string | null } | null;
  /** 0 turns the scheduler off (runs only by API or CLI). */
  pollMinutes: number;
  /** A mailbox without a good run for this long is unhealthy (badge, one alert per incident). */
  staleHours: number;
  allowPrivateHosts: boolean;
  /** Extra mailbox ports beside 143, 993, 110 and 995 (ignored when private hosts are allowed). */
  allowedPorts: number[];
  bootstrapToken: string | null;
  logLevel: (typeof LOG_LEVELS)[number];
  oauth: OAuthSettings;
  /** DNS servers for provider discovery (SRV, MX); null: the system's. */
  dnsServers: string[] | null;
  /** DoH resolver (Workers); null: the platform default. */
  dohUrl: string | null;
}

function firstProblem(error: z.ZodError): ConfigError {
  const issue = error.issues[0]!;
  return new ConfigError(String(issue.path[0]), issue.message);
}

export interface HostDefaults {
  /** Where data lives without BUZON_DATA_DIR: the repo's data/ on Node; Workers have no disk. */
  dataDir: () => string;
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  defaults: HostDefaults = { dataDir: repoDataDir },
): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw firstProblem(parsed.error);
  const e = parsed.data;
  const dataDir = e.BUZON_DATA_DIR ?? defaults.dataDir();

  if (e.BUZON_SMTP_URL && !e.BUZON_MAIL_FROM) {
    const problem = "falta: BUZON_SMTP_URL la necesita / missing: BUZON_SMTP_URL needs it";
    throw new ConfigError("BUZON_MAIL_FROM", problem);
  }

  return {
    port: e.BUZON_PORT,
    host: e.BUZON_HOST,
    dataDir,
    databaseUrl: e.BUZON_DATABASE_URL ?? `file:${join(dataDir, "buzon.db")}`,
    databaseAuthToken: e.BUZON_DATABASE_AUTH_TOKEN ?? null,
    secretKey: e.BUZON_SECRET_KEY ?? null,
    previousSecretKeys: e.BUZON_SECRET_KEY_PREVIOUS?.split(",").map((k) => k.trim()) ?? [],
    smtp: e.BUZON_SMTP_URL
      ? { url: e.BUZON_SMTP_URL, from: e.BUZON_MAIL_FROM!, caPath: e.BUZON_SMTP_CA ?? null }
      : null,
    pollMinutes: e.BUZON_POLL_MINUTES,
    staleHours: e.BUZON_STALE_HOURS,
    allowPrivateHosts: e.BUZON_ALLOW_PRIVATE_HOSTS ?? false,
    allowedPorts: e.BUZON_ALLOWED_PORTS?.split(",").map((p) => Number(p.trim())) ?? [],
    bootstrapToken: e.BUZON_BOOTSTRAP_TOKEN ?? null,
    logLevel: e.BUZON_LOG_LEVEL ?? "info",
    oauth: oauthSettings(e),
    dnsServers: e.BUZON_DNS_SERVERS ?? null,
    dohUrl: e.BUZON_DOH_URL ?? null,
  };
}

/** Where the providers send the browser back: the API as the user's browser reaches it. */
function oauthSettings(e: z.output<typeof EnvSchema>): OAuthSettings {
  const listen = e.BUZON_HOST === "0.0.0.0" || e.BUZON_HOST === "::" ? "localhost" : e.BUZON_HOST;
  const local = listen === "127.0.0.1" ? "localhost" : listen;
  return {
    publicUrl: e.BUZON_PUBLIC_URL ?? `http://${local}:${e.BUZON_PORT}`,
    microsoft: {
      clientId: e.BUZON_MS_CLIENT_ID ?? null,
      clientSecret: e.BUZON_MS_CLIENT_SECRET ?? null,
      tenant: e.BUZON_MS_TENANT ?? "common",
      authority: e.BUZON_MS_AUTHORITY ?? DEFAULT_MS_AUTHORITY,
    },
    google: {
      clientId: e.BUZON_GOOGLE_CLIENT_ID ?? null,
      clientSecret: e.BUZON_GOOGLE_CLIENT_SECRET ?? null,
      authUrl: e.BUZON_GOOGLE_AUTH_URL ?? DEFAULT_GOOGLE_AUTH_URL,
      tokenUrl: e.BUZON_GOOGLE_TOKEN_URL ?? DEFAULT_GOOGLE_TOKEN_URL,
    },
  };
}

/**
 * The key that seals mailbox passwords. Without BUZON_SECRET_KEY it is made once, on first start,
 * in <dataDir>/secret.key, readable by the owner only; losing that file loses the passwords.
 */
export function readOrCreateSecretKey(dataDir: string): string {
  const path = join(dataDir, "secret.key");
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // "wx": never overwrite a key another process has just written.
    writeFileSync(path, `${generateSecretKey()}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }

  const key = readFileSync(path, "utf8").trim();
  try {
    parseSecretKey(key);
  } catch {
    const problem = `${path} no contiene una clave válida / holds no valid key`;
    throw new ConfigError("BUZON_SECRET_KEY", problem);
  }
  return key;
}

function readSmtpCa(path: string | null): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new ConfigError("BUZON_SMTP_CA", `no se puede leer / cannot read ${path}`);
  }
}

export type HostContext = AppContext & { close(): void };

/** Opens everything the app needs, as the configuration says. */
export async function createContext(config: Config): Promise<HostContext> {
  // The folder holds the database, the key and every original e-mail: owner only. A new folder
  // gets 0700; an existing one is left as its owner set it.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // A database other hosts share (libsql over the network) needs the key they all use: a key made
  // here would seal passwords that no other host, and no other copy of this one, could open.
  if (!config.secretKey && !config.databaseUrl.startsWith("file:")) {
    const problem =
      "falta: una base de datos remota (BUZON_DATABASE_URL) necesita la misma clave en cada " +
      "servidor / missing: a remote database needs the same key on every host";
    throw new ConfigError("BUZON_SECRET_KEY", problem);
  }
  const key = config.secretKey ?? readOrCreateSecretKey(config.dataDir);
  const database = await openDatabase(config.databaseUrl, config.databaseAuthToken ?? undefined);
  const smtp = config.smtp;
  const mailer = smtp
    ? createMailer({ url: smtp.url, from: smtp.from, ca: readSmtpCa(smtp.caPath) })
    : null;

  return {
    db: database.db,
    blobs: createFileBlobStore(join(config.dataDir, "blobs")),
    secrets: await createSecretBox(
      parseSecretKey(key),
      config.previousSecretKeys.map(parseSecretKey),
    ),
    mailer,
    logger: createLogger(config.logLevel),
    now: () => new Date(),
    allowPrivateHosts: config.allowPrivateHosts,
    allowedPorts: config.allowedPorts,
    oauth: config.oauth,
    ...(config.dnsServers ? { dnsServers: config.dnsServers } : {}),
    instanceId: `${hostname()}:${process.pid}`,
    close() {
      mailer?.close();
      database.close();
    },
  };
}
