/**
 * The reception form in the mailboxes table. The password goes in sealed and never comes out:
 * views say only that one is set.
 */
import { eq } from "drizzle-orm";
import type { AppContext } from "../context.ts";
import { mailboxes } from "../db/schema.ts";
import type { MailboxRow } from "../ingest/settings.ts";
import { providerOfServerType } from "../oauth/providers.ts";
import { getOAuthLogin } from "../oauth/token-store.ts";
import type { MailboxSettings, Protocol, Security } from "../ingest/types.ts";
import type { ReceptionConfigView } from "../../shared/api-types.ts";
import {
  isOAuthServerType,
  type ReceptionConfig,
  type ServerType,
} from "../../shared/reception-config.ts";

export function toReceptionView(row: MailboxRow): ReceptionConfigView {
  return {
    serverType: row.serverType as ServerType,
    protocol: row.protocol as Protocol,
    host: row.host,
    port: row.port,
    security: row.security as Security,
    username: row.username,
    passwordSet: row.passwordEnc !== "",
    passwordExpiresOn: row.passwordExpiresOn,
    notificationEmail: row.notificationEmail,
    backupEmail: row.backupEmail,
    folders: { inbox: row.folderInbox, processed: row.folderProcessed, failed: row.folderFailed },
    tlsCa: row.tlsCa,
    updatedAt: row.updatedAt,
  };
}

/** Whatever decides where and how Buzón logs in: changing it makes the last result stale. */
function connectionChanged(form: ReceptionConfig, row: MailboxRow): boolean {
  const keys = ["serverType", "protocol", "host", "port", "security", "username", "tlsCa"] as const;
  return form.password !== null || keys.some((key) => row[key] !== form[key]);
}

function statusFields(form: ReceptionConfig, existing: MailboxRow | null) {
  if (existing && !connectionChanged(form, existing)) return {};
  return { state: "never", lastErrorCode: null, lastErrorMessage: null };
}

/**
 * The schema lets the password be blank only when one is stored. An OAuth mailbox keeps none:
 * "" says so, and a password saved before the switch is forgotten.
 */
async function sealedPassword(
  ctx: AppContext,
  form: ReceptionConfig,
  existing: MailboxRow | null,
): Promise<string> {
  if (isOAuthServerType(form.serverType)) return "";
  if (form.password) return ctx.secrets.seal(form.password);
  return existing?.passwordEnc ?? "";
}

export async function saveMailbox(
  ctx: AppContext,
  companyId: number,
  form: ReceptionConfig,
  existing: MailboxRow | null,
): Promise<MailboxRow> {
  const passwordEnc = await sealedPassword(ctx, form, existing);
  const sameExpiry = existing?.passwordExpiresOn === form.passwordExpiresOn;
  const values = {
    companyId,
    serverType: form.serverType,
    protocol: form.protocol,
    host: form.host,
    port: form.port,
    security: form.security,
    username: form.username,
    passwordEnc,
    passwordExpiresOn: form.passwordExpiresOn,
    notificationEmail: form.notificationEmail,
    backupEmail: form.backupEmail,
    folderInbox: form.folders.inbox,
    folderProcessed: form.folders.processed,
    folderFailed: form.folders.failed,
    tlsCa: form.tlsCa,
    // Sent alerts are keyed by date; a new date must be able to alert again.
    ...(sameExpiry ? {} : { expiryAlertsSent: "" }),
    ...statusFields(form, existing),
    updatedAt: ctx.now().toISOString(),
  };

  const [row] = await ctx.db
    .insert(mailboxes)
    .values(values)
    .onConflictDoUpdate({ target: mailboxes.companyId, set: values })
    .returning();
  return row!;
}

export async function deleteMailbox(ctx: AppContext, companyId: number): Promise<boolean> {
  const deleted = await ctx.db
    .delete(mailboxes)
    .where(eq(mailboxes.companyId, companyId))
    .returning({ id: mailboxes.id });
  return deleted.length > 0;
}

/** A form being tried before it is saved; a blank password borrows the stored one. */
export async function draftSettings(
  ctx: AppContext,
  companyId: number,
  form: ReceptionConfig,
  existing: MailboxRow | null,
): Promise<MailboxSettings> {
  const stored = existing?.passwordEnc ? await ctx.secrets.open(existing.passwordEnc) : "";
  const password = isOAuthServerType(form.serverType) ? "" : (form.password ?? stored);
  const provider = providerOfServerType(form.serverType);
  const oauth = provider ? await getOAuthLogin(ctx, companyId, provider) : null;
  return {
    id: existing?.id ?? 0,
    companyId,
    serverType: form.serverType,
    protocol: form.protocol,
    host: form.host,
    port: form.port,
    security: form.security,
    username: form.username,
    password,
    accessToken: oauth?.accessToken ?? null,
    oauthAccount: oauth?.oauthAccount ?? null,
    passwordExpiresOn: form.passwordExpiresOn,
    notificationEmail: form.notificationEmail,
    backupEmail: form.backupEmail,
    folders: form.folders,
    tlsCa: form.tlsCa,
  };
}
