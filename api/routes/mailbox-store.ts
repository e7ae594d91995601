/**
 * The reception form in the mailboxes table. The password goes in sealed and never comes out:
 * views say only that one is set.
 */
import { eq } from "drizzle-orm";
import type { AppContext } from "../context.ts";
import { mailboxes } from "../db/schema.ts";
import type { MailboxRow } from "../ingest/settings.ts";
import type { MailboxSettings, Protocol, Security } from "../ingest/types.ts";
import type { ReceptionConfigView } from "../../shared/api-types.ts";
import type { ReceptionConfig } from "../../shared/reception-config.ts";

export function toReceptionView(row: MailboxRow): ReceptionConfigView {
  return {
    serverType: "basic",
    protocol: row.protocol as Protocol,
    host: row.host,
    port: row.port,
    security: row.security as Security,
    username: row.username,
    passwordSet: true,
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
  const before = [row.protocol, row.host, row.port, row.security, row.username, row.tlsCa];
  const after = [form.protocol, form.host, form.port, form.security, form.username, form.tlsCa];
  return form.password !== null || before.some((value, i) => value !== after[i]);
}

function statusFields(form: ReceptionConfig, existing: MailboxRow | null) {
  if (existing && !connectionChanged(form, existing)) return {};
  return { state: "never", lastErrorCode: null, lastErrorMessage: null };
}

export async function saveMailbox(
  ctx: AppContext,
  companyId: number,
  form: ReceptionConfig,
  existing: MailboxRow | null,
): Promise<MailboxRow> {
  // The schema only lets the password be blank when one is stored.
  const passwordEnc = form.password ? await ctx.secrets.seal(form.password) : existing!.passwordEnc;
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
  const password = form.password ?? (await ctx.secrets.open(existing!.passwordEnc));
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
    passwordExpiresOn: form.passwordExpiresOn,
    notificationEmail: form.notificationEmail,
    backupEmail: form.backupEmail,
    folders: form.folders,
    tlsCa: form.tlsCa,
  };
}
