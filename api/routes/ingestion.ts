/** "Procesar ahora" and the history of runs. */
import { count, desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { runs } from "../db/schema.ts";
import { runIngestion } from "../ingest/index.ts";
import { BuzonError } from "../lib/errors.ts";
import type { Page, RunView } from "../../shared/api-types.ts";
import { companyOf, type AppEnv } from "./env.ts";
import { offsetOf, pageParams } from "./pagination.ts";
import { toRunView } from "./run-view.ts";
import { validQuery } from "./validation.ts";

const BUSY = "Otra ejecución está procesando el buzón en este momento; intenta en unos minutos.";

const RunsQuery = z.object(pageParams);

export function ingestionRoutes(ctx: AppContext) {
  return new Hono<AppEnv>()
    .post("/runs", async (c) => {
      // runIngestion answers NOT_CONFIGURED (409 on a POST) when there is no mailbox.
      const summary = await runIngestion(ctx, companyOf(c), "manual");
      if (summary.status === "busy") throw new BuzonError("CONFLICT", BUSY);
      return c.json(summary);
    })
    .get("/runs", validQuery(RunsQuery), async (c) => {
      const query = c.req.valid("query");
      const mine = eq(runs.companyId, companyOf(c));
      const rows = await ctx.db
        .select()
        .from(runs)
        .where(mine)
        .orderBy(desc(runs.id))
        .limit(query.pageSize)
        .offset(offsetOf(query));
      const [total] = await ctx.db.select({ n: count() }).from(runs).where(mine);

      const page: Page<RunView> = { items: rows.map(toRunView), ...query, total: total?.n ?? 0 };
      return c.json(page);
    });
}
