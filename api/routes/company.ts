/** The company behind the token: its name and NIT, with the DV computed, never typed. */
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import type { AppContext } from "../context.ts";
import { companies } from "../db/schema.ts";
import { CompanySchema } from "../../shared/company.ts";
import { computeNitDv } from "../../shared/nit.ts";
import type { CompanyView } from "../../shared/api-types.ts";
import { changedFieldNames, recordAudit } from "../security/audit.ts";
import { actorOf, companyOf, type AppEnv } from "./env.ts";
import { validJson } from "./validation.ts";

async function readCompany(ctx: AppContext, companyId: number): Promise<CompanyView> {
  const [row] = await ctx.db.select().from(companies).where(eq(companies.id, companyId));
  const nit = row?.nit ?? null;
  return { name: row?.name ?? null, nit, dv: nit ? computeNitDv(nit) : null };
}

export function companyRoutes(ctx: AppContext) {
  return new Hono<AppEnv>()
    .get("/", async (c) => c.json(await readCompany(ctx, companyOf(c))))
    .put("/", validJson(CompanySchema), async (c) => {
      const { name, nit } = c.req.valid("json");
      const before = await readCompany(ctx, companyOf(c));
      await ctx.db
        .update(companies)
        .set({ name, nit })
        .where(eq(companies.id, companyOf(c)));
      const after = await readCompany(ctx, companyOf(c));
      const fields = changedFieldNames({ ...before }, { name: after.name, nit: after.nit });
      const entry = { companyId: companyOf(c), actor: actorOf(c), action: "company.saved" };
      await recordAudit(ctx, { ...entry, detail: { fields } });
      return c.json(after);
    });
}
