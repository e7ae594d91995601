/**
 * Operator commands: `npm run buzon -- token create [label] | token list | ingest | migrate`.
 * Tokens are printed once, when created.
 */
import { existsSync } from "node:fs";
import { ConfigError, createContext, loadConfig, type HostContext } from "./config.ts";
import { openDatabase } from "./db/client.ts";
import { companies, mailboxes } from "./db/schema.ts";
import { runIngestion } from "./ingest/index.ts";
import { isBuzonError, messageWithoutParams } from "./lib/errors.ts";
import { createLogger } from "./lib/logger.ts";
import { rotateSecrets } from "./security/rotate-secrets.ts";
import { bootstrapCompany, createToken, listTokens, revokeToken } from "./security/tokens.ts";

const USAGE =
  "uso / usage: npm run buzon -- token create [label] | token list | token revoke <id> | " +
  "secrets rotate | ingest | migrate";

/** With one company (the usual case) new tokens go to it. */
async function firstCompanyId(ctx: HostContext): Promise<number> {
  const [row] = await ctx.db
    .select({ id: companies.id })
    .from(companies)
    .orderBy(companies.id)
    .limit(1);
  return row!.id;
}

const SAVE_IT =
  "Token creado: guárdalo, no se volverá a mostrar / token created: save it, it will not be " +
  "shown again";

/** The token alone on stdout (for scripts), the notice on stderr. */
async function createTokenCommand(ctx: HostContext, label: string | undefined): Promise<void> {
  // An empty database gets its company with this token, not with a second one never shown.
  const bootstrapped = await bootstrapCompany(ctx, undefined, label);
  const created =
    bootstrapped ?? (await createToken(ctx, await firstCompanyId(ctx), label ?? null));
  console.log(created.token);
  console.error(SAVE_IT);
}

async function listTokensCommand(ctx: HostContext): Promise<void> {
  const tokens = await listTokens(ctx);
  if (tokens.length === 0) console.error("No hay tokens / no tokens");
  for (const t of tokens) {
    const state = t.revokedAt ? `revocado ${t.revokedAt}` : "activo";
    console.log(`${t.id}\tcompany ${t.companyId}\t${t.label ?? ""}\t${t.createdAt}\t${state}`);
  }
}

async function revokeTokenCommand(ctx: HostContext, id: string | undefined): Promise<void> {
  if (!id || !/^\d+$/.test(id)) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const revoked = await revokeToken(ctx, Number(id));
  console.log(
    revoked
      ? `token ${id} revocado / revoked`
      : `token ${id}: no existe o ya estaba revocado / not found or already revoked`,
  );
  if (!revoked) process.exitCode = 1;
}

async function ingestCommand(ctx: HostContext): Promise<void> {
  const rows = await ctx.db.select({ companyId: mailboxes.companyId }).from(mailboxes);
  for (const { companyId } of rows) {
    const summary = await runIngestion(ctx, companyId, "cli");
    console.log(JSON.stringify({ companyId, ...summary }));
    // A scheduler (cron, systemd) sees a failed run in the exit status. "busy" (another run
    // holds the mailbox) is no failure: that run takes the mail.
    if (summary.status === "failed") process.exitCode = 1;
    if (summary.status === "busy") {
      console.error(`Buzón de la empresa ${companyId}: otra ejecución está en curso / busy`);
    }
  }
  if (rows.length === 0) console.error("No hay buzones configurados / no mailbox configured");
}

/**
 * A command run with another environment than the host's (BUZON_DATA_DIR unset, say) would
 * quietly work on a new, empty database: said on stderr before it is created.
 */
function warnIfNewDatabase(databaseUrl: string): void {
  if (!databaseUrl.startsWith("file:")) return;
  const path = databaseUrl.slice("file:".length);
  if (existsSync(path)) return;
  console.error(
    `Base de datos nueva en ${path}: si el servidor usa otra, define aquí las mismas ` +
      "variables BUZON_* (BUZON_DATA_DIR…) / new database: set the host's BUZON_* variables",
  );
}

/**
 * Brings the database's schema up to date and nothing else: for a database the Node host does not
 * open itself, such as the Turso database a Workers deployment uses (the Worker has no migrations
 * folder to read).
 */
async function migrateCommand(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl, config.databaseAuthToken ?? undefined);
  database.close();
  const where = config.databaseUrl.replace(/\/\/[^@/]*@/, "//");
  console.log(`esquema al día / schema up to date: ${where}`);
}

async function run(args: string[]): Promise<void> {
  const [command, sub, label] = args;
  if (command === "migrate") return migrateCommand();
  const config = loadConfig();
  warnIfNewDatabase(config.databaseUrl);
  const ctx = await createContext(config);
  // stdout carries the command's answer (a token, one JSON line per run); the log goes to stderr.
  ctx.logger = createLogger(config.logLevel, process.stderr);
  try {
    if (command === "token" && sub === "create") await createTokenCommand(ctx, label);
    else if (command === "token" && sub === "list") await listTokensCommand(ctx);
    else if (command === "token" && sub === "revoke") await revokeTokenCommand(ctx, label);
    else if (command === "secrets" && sub === "rotate") {
      const count = await rotateSecrets(ctx);
      console.log(
        `${count} secretos sellados de nuevo con la clave ${ctx.secrets.keyId} / re-sealed`,
      );
    } else if (command === "ingest") await ingestCommand(ctx);
    else {
      console.error(USAGE);
      process.exitCode = 2;
    }
  } finally {
    ctx.close();
  }
}

/**
 * What to print for a failed command: our own Spanish message when there is one, then the
 * innermost cause ("connect ECONNREFUSED 127.0.0.1:8080" says more than drizzle's SQL).
 */
function describeFailure(error: unknown): string {
  const ours = isBuzonError(error) ? `${error.userMessage} ` : "";
  return `${ours}(${rootCause(error)})`;
}

function rootCause(error: unknown): string {
  let current = error as { cause?: unknown; code?: unknown; message?: unknown } | undefined;
  while (current?.cause) current = current.cause as typeof current;
  const code = typeof current?.code === "string" ? `${current.code}: ` : "";
  return `${code}${messageWithoutParams(current)}`;
}

run(process.argv.slice(2)).catch((error: unknown) => {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `No fue posible completar el comando / the command failed: ${describeFailure(error)}`,
  );
  process.exitCode = 1;
});
