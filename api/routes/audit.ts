/** GET /api/v1/audit: the company's configuration changes and sign-ins, newest first. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { listAudit } from "../security/audit.ts";
import { companyOf, type AppEnv } from "./env.ts";
import { pageParams } from "./pagination.ts";
import { validQuery } from "./validation.ts";

const AuditQuery = z.object({ ...pageParams });

export function auditRoutes(ctx: AppContext) {
  return new Hono<AppEnv>().get("/", validQuery(AuditQuery), async (c) => {
    const { page, pageSize } = c.req.valid("query");
    return c.json(await listAudit(ctx, companyOf(c), page, pageSize));
  });
}
