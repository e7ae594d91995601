/**
 * One ingestion per mailbox at a time, across processes sharing the database: a lease row that a
 * run takes with one conditional upsert and gives back when done. A holder that died frees the
 * mailbox when its lease expires (LEASE_MS); a live run renews it as it goes.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { leases } from "../db/schema.ts";
import { LEASE_MS } from "../lib/limits.ts";

export async function acquireLease(db: Db, mailboxId: number, holder: string, now: number) {
  const result = await db
    .insert(leases)
    .values({ mailboxId, holder, expiresAt: now + LEASE_MS })
    .onConflictDoUpdate({
      target: leases.mailboxId,
      set: { holder, expiresAt: now + LEASE_MS },
      setWhere: sql`${leases.expiresAt} < ${now} OR ${leases.holder} = ${holder}`,
    });
  return result.rowsAffected === 1;
}

export async function renewLease(db: Db, mailboxId: number, holder: string, now: number) {
  const result = await db
    .update(leases)
    .set({ expiresAt: now + LEASE_MS })
    .where(and(eq(leases.mailboxId, mailboxId), eq(leases.holder, holder)));
  return result.rowsAffected === 1;
}

export async function releaseLease(db: Db, mailboxId: number, holder: string) {
  await db.delete(leases).where(and(eq(leases.mailboxId, mailboxId), eq(leases.holder, holder)));
}
