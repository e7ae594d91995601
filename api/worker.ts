/**
 * The Cloudflare Workers entry: the same Hono app as the Node host, a Cron Trigger that queues
 * one job per due mailbox, and a queue consumer that ingests one mailbox per job. The lease in
 * runIngestion keeps two consumers (or a consumer and a Node host) off one mailbox.
 */
import { createApp } from "./app.ts";
import { ConfigError } from "./config.ts";
import { runIngestion } from "./ingest/run.ts";
import { bootstrapCompany } from "./security/tokens.ts";
import { scheduleDueMailboxes } from "./workers/schedule.ts";
import { createWorkerContext, type WorkerHost } from "./workers/context.ts";
import type {
  ExecutionContext,
  IngestJob,
  MessageBatch,
  ScheduledController,
  WorkerEnv,
} from "./workers/bindings.ts";

let shared: Promise<WorkerHost & { app: ReturnType<typeof createApp> }> | null = null;

/** One context per isolate; a failed start is not cached, so the next request tries again. */
function contextFor(env: WorkerEnv) {
  shared ??= (async () => {
    const { ctx, config } = await createWorkerContext(env);
    // BUZON_BOOTSTRAP_TOKEN names the first company's token; nothing is printed on Workers.
    if (config.bootstrapToken) await bootstrapCompany(ctx, config.bootstrapToken);
    return { ctx, config, app: createApp(ctx) };
  })().catch((error: unknown) => {
    shared = null;
    throw error;
  });
  return shared;
}

/**
 * A Worker that cannot start answers every request with why: the variable and its problem for a
 * configuration error (never its value), a generic 503 otherwise, with the cause in the log only.
 */
function startFailure(error: unknown): Response {
  if (error instanceof ConfigError) {
    return Response.json(
      {
        error: {
          code: "CONFIG",
          message: `Configuración inválida / invalid configuration: ${error.message}`,
          details: { variable: error.variable },
        },
      },
      { status: 500 },
    );
  }
  // The name and code say what failed (e.g. ECONNREFUSED) without the message, which may carry
  // the database URL.
  const { name, code } = (error ?? {}) as { name?: string; code?: string };
  console.error("worker start failed", name ?? typeof error, code ?? "");
  return Response.json(
    {
      error: {
        code: "UNAVAILABLE",
        message:
          "Buzón no pudo iniciar (¿base de datos disponible?); revisa el registro del Worker.",
      },
    },
    { status: 503 },
  );
}

export default {
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    let app: ReturnType<typeof createApp>;
    try {
      ({ app } = await contextFor(env));
    } catch (error) {
      return startFailure(error);
    }
    return app.fetch(request);
  },

  async scheduled(_controller: ScheduledController, env: WorkerEnv, exec: ExecutionContext) {
    let host: Awaited<ReturnType<typeof contextFor>>;
    try {
      host = await contextFor(env);
    } catch (error) {
      // Every request already answers why; the cron only notes it and waits for the next tick.
      console.error("cron skipped: worker cannot start", (error as { name?: string })?.name);
      return;
    }
    const { ctx, config } = host;
    // BUZON_POLL_MINUTES=0 stops queuing, as it stops the Node host's schedule.
    if (config.pollMinutes === 0) return;
    exec.waitUntil(
      scheduleDueMailboxes(ctx, env.INGEST_QUEUE, config.pollMinutes, config.staleHours),
    );
  },

  async queue(batch: MessageBatch<IngestJob>, env: WorkerEnv): Promise<void> {
    const { ctx } = await contextFor(env);
    for (const message of batch.messages) {
      try {
        const summary = await runIngestion(ctx, message.body.companyId, "schedule");
        ctx.logger.info(
          { companyId: message.body.companyId, status: summary.status },
          "queued run",
        );
        message.ack();
      } catch (error) {
        ctx.logger.error(
          { companyId: message.body.companyId, code: (error as { code?: string }).code },
          "queued run failed",
        );
        // NOT_CONFIGURED and the like will not heal by retrying; the next cron tick queues again.
        message.ack();
      }
    }
  },
};
