/**
 * Re-seals every stored secret with the current key. Run while the old key is still given as
 * BUZON_SECRET_KEY_PREVIOUS; hosts keep working throughout, since they open both. Each update is
 * conditional on the old envelope, so a token refreshed meanwhile is never overwritten.
 */
import { and, eq, isNotNull } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { AppContext } from "../context.ts";
import { mailboxes, oauthFlows, oauthGrants } from "../db/schema.ts";

interface SealedColumn {
  table: SQLiteTable & { id: SQLiteColumn };
  column: SQLiteColumn;
  field: string;
}

const SEALED: SealedColumn[] = [
  { table: mailboxes, column: mailboxes.passwordEnc, field: "passwordEnc" },
  { table: oauthGrants, column: oauthGrants.refreshTokenEnc, field: "refreshTokenEnc" },
  { table: oauthGrants, column: oauthGrants.accessTokenEnc, field: "accessTokenEnc" },
  { table: oauthFlows, column: oauthFlows.secretEnc, field: "secretEnc" },
];

async function resealColumn(ctx: AppContext, sealed: SealedColumn): Promise<number> {
  const { table, column, field } = sealed;
  const rows = await ctx.db
    .select({ id: table.id, value: column })
    .from(table)
    .where(isNotNull(column));
  let count = 0;
  for (const row of rows) {
    const value = row.value as string;
    if (value === "" || !ctx.secrets.isStale(value)) continue;
    const fresh = await ctx.secrets.seal(await ctx.secrets.open(value));
    const result = await ctx.db
      .update(table)
      .set({ [field]: fresh })
      .where(and(eq(table.id, row.id as number), eq(column, value)));
    count += result.rowsAffected;
  }
  return count;
}

/** Answers how many envelopes were re-sealed. */
export async function rotateSecrets(ctx: AppContext): Promise<number> {
  let total = 0;
  for (const sealed of SEALED) total += await resealColumn(ctx, sealed);
  return total;
}
