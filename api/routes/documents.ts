/**
 * The documents received: a filtered list, one document's details, and its files (the embedded
 * XML, the AttachedDocument, the PDF). Every query is scoped to the token's company, so another
 * company's id is simply not found.
 */
import { and, count, desc, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import type { AppContext } from "../context.ts";
import { documents } from "../db/schema.ts";
import { BuzonError } from "../lib/errors.ts";
import type { DocumentDetail, DocumentSummary, Page } from "../../shared/api-types.ts";
import { DocumentsQuery, toDocumentSummary, whereOf } from "./documents-query.ts";
import { companyOf, type AppEnv } from "./env.ts";
import { offsetOf } from "./pagination.ts";
import { validQuery } from "./validation.ts";

type DocumentRow = typeof documents.$inferSelect;

async function findDocument(ctx: AppContext, c: Context<AppEnv>): Promise<DocumentRow> {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id < 1) throw new BuzonError("NOT_FOUND");

  const [row] = await ctx.db
    .select()
    .from(documents)
    .where(and(eq(documents.id, id), eq(documents.companyId, companyOf(c))));
  if (!row) throw new BuzonError("NOT_FOUND", "No se encontró el documento.");
  return row;
}

/** Names from suppliers' files are untrusted: keep a plain, header-safe file name. */
function safeFileName(name: string, extension: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .replace(new RegExp(`\\.${extension}$`, "i"), "")
    .replace(/[^\w.-]+/g, "_")
    .replace(/^[._-]+/, "")
    .slice(0, 120);
  return `${base || "documento"}.${extension}`;
}

async function sendBlob(
  ctx: AppContext,
  c: Context<AppEnv>,
  file: { blob: string | null; type: string; name: string; disposition: "inline" | "attachment" },
): Promise<Response> {
  const bytes = file.blob ? await ctx.blobs.get(file.blob) : null;
  if (!bytes) throw new BuzonError("NOT_FOUND", "El documento no tiene ese archivo.");

  return c.body(new Uint8Array(bytes), 200, {
    "Content-Type": file.type,
    "Content-Disposition": `${file.disposition}; filename="${file.name}"`,
    // Supplier files are untrusted content: never let a browser guess them into HTML.
    "X-Content-Type-Options": "nosniff",
  });
}

function detailOf(row: DocumentRow): DocumentDetail {
  return { ...toDocumentSummary(row), pdfName: row.pdfName, details: JSON.parse(row.details) };
}

export function documentRoutes(ctx: AppContext) {
  return new Hono<AppEnv>()
    .get("/", validQuery(DocumentsQuery), async (c) => {
      const query = c.req.valid("query");
      const where = whereOf(companyOf(c), query);
      const rows = await ctx.db
        .select()
        .from(documents)
        .where(where)
        .orderBy(desc(documents.issueDate), desc(documents.id))
        .limit(query.pageSize)
        .offset(offsetOf(query));
      const [total] = await ctx.db.select({ n: count() }).from(documents).where(where);

      const { page, pageSize } = query;
      const body: Page<DocumentSummary> = {
        items: rows.map(toDocumentSummary),
        page,
        pageSize,
        total: total?.n ?? 0,
      };
      return c.json(body);
    })
    .get("/:id", async (c) => c.json(detailOf(await findDocument(ctx, c))))
    .get("/:id/xml", async (c) => {
      const row = await findDocument(ctx, c);
      const name = safeFileName(row.number, "xml");
      const blob = row.xmlBlob;
      return sendBlob(ctx, c, { blob, type: "application/xml", name, disposition: "attachment" });
    })
    .get("/:id/attached-document", async (c) => {
      const row = await findDocument(ctx, c);
      const name = safeFileName(`ad-${row.number}`, "xml");
      const blob = row.attachedDocumentBlob;
      return sendBlob(ctx, c, { blob, type: "application/xml", name, disposition: "attachment" });
    })
    .get("/:id/pdf", async (c) => {
      const row = await findDocument(ctx, c);
      const name = safeFileName(row.pdfName ?? row.number, "pdf");
      const blob = row.pdfBlob;
      return sendBlob(ctx, c, { blob, type: "application/pdf", name, disposition: "inline" });
    });
}
