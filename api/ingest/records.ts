/** Reads and writes of message records that the protocol runners share. */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { messages } from "../db/schema.ts";

export type MessageRecord = typeof messages.$inferSelect;

const CHUNK = 500;

/** Records of this mailbox under the given source keys, by key. */
export async function loadRecords(db: Db, mailboxId: number, keys: string[]) {
  const byKey = new Map<string, MessageRecord>();
  for (let start = 0; start < keys.length; start += CHUNK) {
    const rows = await db
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.mailboxId, mailboxId),
          inArray(messages.sourceKey, keys.slice(start, start + CHUNK)),
        ),
      );
    for (const row of rows) byKey.set(row.sourceKey, row);
  }
  return byKey;
}

/** Records still waiting for their server-side step. */
export async function loadUnsettled(db: Db, mailboxId: number) {
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.mailboxId, mailboxId),
        inArray(messages.settleState, ["stored", "forwarded"]),
      ),
    );
}

export async function markSettleState(
  db: Db,
  ids: number[],
  state: "forwarded" | "settled",
  settledTo: string | null,
  now: Date,
) {
  for (let start = 0; start < ids.length; start += CHUNK) {
    await db
      .update(messages)
      .set({
        settleState: state,
        settledTo,
        ...(state === "settled" ? { settledAt: now.toISOString() } : {}),
      })
      .where(inArray(messages.id, ids.slice(start, start + CHUNK)));
  }
}
