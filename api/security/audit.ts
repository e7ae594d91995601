/**
 * The audit list: configuration changes and sign-ins, per company. Details name fields, never
 * values, so nothing secret can land here.
 */
import { and, count, desc, eq } from "drizzle-orm";
import type { AppContext } from "../context.ts";
import { auditEvents } from "../db/schema.ts";

export interface AuditEntry {
  companyId: number;
  actor: string;
  action: string;
  detail?: Record<string, unknown>;
}

export async function recordAudit(ctx: AppContext, entry: AuditEntry): Promise<void> {
  await ctx.db.insert(auditEvents).values({
    companyId: entry.companyId,
    at: ctx.now().toISOString(),
    actor: entry.actor,
    action: entry.action,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  });
}

export async function listAudit(
  ctx: AppContext,
  companyId: number,
  page: number,
  pageSize: number,
) {
  const where = and(eq(auditEvents.companyId, companyId));
  const rows = await ctx.db
    .select()
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [total] = await ctx.db.select({ n: count() }).from(auditEvents).where(where);
  const items = rows.map(({ companyId: _c, detail, ...row }) => ({
    ...row,
    detail: detail ? (JSON.parse(detail) as Record<string, unknown>) : null,
  }));
  return { items, page, pageSize, total: total?.n ?? 0 };
}

/** The names of the fields whose values differ; secrets are named, never shown. */
export function changedFieldNames(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): string[] {
  if (!before) return Object.keys(after).filter((key) => after[key] !== undefined);
  return Object.keys(after).filter(
    (key) => after[key] !== undefined && JSON.stringify(after[key]) !== JSON.stringify(before[key]),
  );
}
