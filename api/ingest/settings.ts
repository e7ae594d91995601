import { eq } from "drizzle-orm";
import type { AppContext } from "../context.ts";
import { companies, mailboxes } from "../db/schema.ts";
import { providerOfServerType } from "../oauth/providers.ts";
import { getOAuthLogin } from "../oauth/token-store.ts";
import type { MailboxSettings, Protocol, Security } from "./types.ts";

export type MailboxRow = typeof mailboxes.$inferSelect;

/**
 * The stored mailbox with its password opened, or for OAuth mailboxes a live access token
 * (refreshed first when due), for the length of one run or test.
 */
export async function openMailboxSettings(
  ctx: AppContext,
  row: MailboxRow,
): Promise<MailboxSettings> {
  const provider = providerOfServerType(row.serverType);
  const oauth = provider ? await getOAuthLogin(ctx, row.companyId, provider) : null;
  return {
    id: row.id,
    companyId: row.companyId,
    serverType: row.serverType,
    protocol: row.protocol as Protocol,
    host: row.host,
    port: row.port,
    security: row.security as Security,
    username: row.username,
    password: row.passwordEnc ? await ctx.secrets.open(row.passwordEnc) : "",
    accessToken: oauth?.accessToken ?? null,
    oauthAccount: oauth?.oauthAccount ?? null,
    passwordExpiresOn: row.passwordExpiresOn,
    notificationEmail: row.notificationEmail,
    backupEmail: row.backupEmail,
    folders: { inbox: row.folderInbox, processed: row.folderProcessed, failed: row.folderFailed },
    tlsCa: row.tlsCa,
  };
}

export async function findMailboxRow(
  ctx: AppContext,
  companyId: number,
): Promise<MailboxRow | null> {
  const rows = await ctx.db.select().from(mailboxes).where(eq(mailboxes.companyId, companyId));
  return rows[0] ?? null;
}

/** The company's NIT, digits only, when it has one: documents must be addressed to it. */
export async function findCompanyNit(ctx: AppContext, companyId: number): Promise<string | null> {
  const rows = await ctx.db
    .select({ nit: companies.nit })
    .from(companies)
    .where(eq(companies.id, companyId));
  const nit = rows[0]?.nit?.replace(/\D/g, "");
  return nit ? nit : null;
}
