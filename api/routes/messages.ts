/** The e-mails seen in the mailbox, with the Spanish reason for each failure. */
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { messages } from "../db/schema.ts";
import { describeReason } from "../../shared/reasons.ts";
import { retryMessage } from "../ingest/index.ts";
import { BuzonError } from "../lib/errors.ts";
import type { MessageView, Page } from "../../shared/api-types.ts";
import { companyOf, type AppEnv } from "./env.ts";
import { offsetOf, pageParams } from "./pagination.ts";
import { validQuery } from "./validation.ts";

const OUTCOMES = ["processed", "failed", "duplicate", "event", "retried"] as const;

const MessagesQuery = z.object({
  status: z
    .enum(OUTCOMES, { error: `«status» debe ser uno de: ${OUTCOMES.join(", ")}.` })
    .optional(),
  ...pageParams,
});

type MessageRow = typeof messages.$inferSelect;

function readHint(json: string | null): MessageView["subjectHint"] {
  if (!json) return null;
  const { supplierNit, supplierName, documentNumber, typeCode } = JSON.parse(json);
  return { supplierNit, supplierName, documentNumber, typeCode };
}

function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    subject: row.subject,
    sender: row.sender,
    receivedAt: row.receivedAt,
    outcome: row.outcome,
    reasonCode: row.reasonCode,
    reason: describeReason(row.reasonCode),
    subjectHint: readHint(row.subjectHint),
    settledTo: row.settledTo,
    documentsFound: row.documentsFound,
    seen: row.seen,
    createdAt: row.createdAt,
  };
}

export function messageRoutes(ctx: AppContext) {
  return new Hono<AppEnv>()
    .post("/:id/retry", async (c) => {
      const id = c.req.param("id");
      if (!/^\d{1,12}$/.test(id)) throw new BuzonError("NOT_FOUND");
      return c.json(await retryMessage(ctx, companyOf(c), Number(id)));
    })
    .get("/", validQuery(MessagesQuery), async (c) => {
      const query = c.req.valid("query");
      const conditions: SQL[] = [eq(messages.companyId, companyOf(c))];
      if (query.status) conditions.push(eq(messages.outcome, query.status));
      const where = and(...conditions);

      const rows = await ctx.db
        .select()
        .from(messages)
        .where(where)
        .orderBy(desc(messages.id))
        .limit(query.pageSize)
        .offset(offsetOf(query));
      const [total] = await ctx.db.select({ n: count() }).from(messages).where(where);

      const { page, pageSize } = query;
      const items = rows.map(toMessageView);
      const body: Page<MessageView> = { items, page, pageSize, total: total?.n ?? 0 };
      return c.json(body);
    });
}
