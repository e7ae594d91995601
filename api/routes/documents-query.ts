/** The documents list: its query parameters, their SQL, and the row as the API shows it. */
import { and, eq, gte, lte, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { documents } from "../db/schema.ts";
import { parseNit } from "../../shared/nit.ts";
import type { DocumentSummary } from "../../shared/api-types.ts";
import { pageParams } from "./pagination.ts";

const KINDS = ["invoice", "credit-note", "debit-note"] as const;

const issue = (ctx: z.RefinementCtx, code: string, message: string) => {
  ctx.addIssue({ code: "custom", message, params: { code } });
  return z.NEVER;
};

function dateParam(name: string) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      // Round-trip through Date: Date.parse alone takes 2027-02-30 as 2 March.
      const time = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : Number.NaN;
      const ok = !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === v;
      return ok ? v : issue(ctx, "INVALID_DATE", `«${name}» debe ser una fecha AAAA-MM-DD.`);
    });
}

export const DocumentsQuery = z
  .object({
    from: dateParam("from"),
    to: dateParam("to"),
    supplierNit: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (!v) return undefined;
        return parseNit(v)?.nit ?? issue(ctx, "INVALID_NIT", "«supplierNit» debe ser un NIT.");
      }),
    /** A DIAN type code (01, 91, 92...) or a kind (invoice, credit-note, debit-note). */
    type: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (!v) return undefined;
        if (/^\d{1,3}$/.test(v) || (KINDS as readonly string[]).includes(v)) return v;
        const message = `«type» debe ser un código DIAN o uno de: ${KINDS.join(", ")}.`;
        return issue(ctx, "INVALID_TYPE", message);
      }),
    q: z
      .string()
      .max(200, { error: "«q» admite hasta 200 caracteres." })
      .optional()
      .transform((v) => v?.trim() || undefined),
    ...pageParams,
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to && query.from > query.to) {
      const message = "«from» debe ser anterior o igual a «to».";
      ctx.addIssue({ code: "custom", path: ["from"], message, params: { code: "INVALID_RANGE" } });
    }
  });

export type DocumentsFilter = z.output<typeof DocumentsQuery>;

/** LIKE with % and _ taken literally: a search for "100%" finds "100%". */
function contains(column: AnySQLiteColumn, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

export function whereOf(companyId: number, f: DocumentsFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(documents.companyId, companyId)];
  if (f.from) conditions.push(gte(documents.issueDate, f.from));
  if (f.to) conditions.push(lte(documents.issueDate, f.to));
  if (f.supplierNit) conditions.push(eq(documents.supplierNit, f.supplierNit));
  if (f.type) {
    const column = /^\d+$/.test(f.type) ? documents.typeCode : documents.kind;
    conditions.push(eq(column, f.type));
  }
  if (f.q) {
    const columns = [documents.number, documents.supplierName, documents.cufe];
    conditions.push(or(...columns.map((column) => contains(column, f.q!))));
  }
  return and(...conditions);
}

type DocumentRow = typeof documents.$inferSelect;

export function toDocumentSummary(row: DocumentRow): DocumentSummary {
  return {
    id: row.id,
    cufe: row.cufe,
    kind: row.kind,
    typeCode: row.typeCode,
    number: row.number,
    prefix: row.prefix,
    environment: row.environment,
    issueDate: row.issueDate,
    issueTime: row.issueTime,
    dueDate: row.dueDate,
    supplierNit: row.supplierNit,
    supplierName: row.supplierName,
    customerNit: row.customerNit,
    customerName: row.customerName,
    currency: row.currency,
    payableAmount: row.payableAmount,
    taxInclusiveAmount: row.taxInclusiveAmount,
    taxAmount: row.taxAmount,
    messageId: row.messageId,
    hasPdf: row.pdfBlob !== null,
    hasAttachedDocument: row.attachedDocumentBlob !== null,
    createdAt: row.createdAt,
  };
}
