/**
 * The Node host: configuration, database, the first company's token, the HTTP server on
 * BUZON_HOST:BUZON_PORT and the ingestion schedule, stopped cleanly on SIGINT/SIGTERM.
 */
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { ConfigError, createContext, loadConfig, type HostContext } from "./config.ts";
import { startScheduler } from "./ingest/scheduler.ts";
import { bootstrapCompany } from "./security/tokens.ts";

async function bootstrap(ctx: HostContext, token: string | null): Promise<void> {
  const created = await bootstrapCompany(ctx, token ?? undefined);
  if (!created?.generated) return;
  // Printed once, on stdout only: the database keeps its hash, not the token.
  process.stdout.write(
    [
      "",
      "Token de la API (guárdalo: no se volverá a mostrar)",
      "API token (save it: it will not be shown again):",
      `  ${created.token}`,
      "",
    ].join("\n"),
  );
}

async function main(): Promise<void> {
  const config = loadConfig();
  const ctx = await createContext(config);
  await bootstrap(ctx, config.bootstrapToken);

  const server = serve({ fetch: createApp(ctx).fetch, hostname: config.host, port: config.port });
  const { pollMinutes, staleHours } = config;
  const stopScheduler = pollMinutes > 0 ? startScheduler(ctx, pollMinutes, staleHours) : null;
  const { host, port } = config;
  ctx.logger.info({ host, port, pollMinutes }, "listening");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.logger.info({ signal }, "stopping");
    server.close();
    await stopScheduler?.();
    ctx.close();
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? `Configuración inválida / invalid configuration: ${error.message}`
      : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
