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

/**
 * Records whose message left the mailbox by another way (a person moved or deleted it): settled
 * with no destination, and said once in the run's notes. The original stays in the blob store.
 */
export async function settleGoneElsewhere(
  db: Db,
  ids: number[],
  now: Date,
  note: (text: string) => void,
): Promise<void> {
  if (ids.length === 0) return;
  await markSettleState(db, ids, "settled", null, now);
  note("Algunos correos salieron del buzón por otra vía; su original queda guardado en Buzón.");
}
