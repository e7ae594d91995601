/**
 * Telling people when the OAuth sign-in stops, or is about to stop, working: the grant and the
 * mailbox are marked `needs_signin` (the extension's badge reads it from GET /status) and the
 * notification address gets one e-mail per incident; a reminder goes out before the provider's
 * inactivity limit (Microsoft: a refresh token unused for 90 days dies) could bite.
 */
import { and, eq } from "drizzle-orm";
import type { AppContext } from "../context.ts";
import { mailboxes, oauthGrants } from "../db/schema.ts";
import type { GrantRow } from "./token-store.ts";

/** Microsoft's refresh tokens die after 90 days without use. */
export const INACTIVITY_LIMIT_DAYS = 90;
/** The reminder goes out this many days after the last successful refresh: 15 days to act. */
export const REMINDER_AFTER_DAYS = 75;

const DAY_MS = 86_400_000;

export const PROVIDER_NAMES: Record<string, string> = { microsoft: "Microsoft", google: "Google" };

async function notificationAddress(ctx: AppContext, companyId: number) {
  const rows = await ctx.db
    .select({ to: mailboxes.notificationEmail, username: mailboxes.username })
    .from(mailboxes)
    .where(eq(mailboxes.companyId, companyId));
  return rows[0] ?? null;
}

async function recordAlert(ctx: AppContext, row: GrantRow, key: string) {
  const sent = [...row.alertsSent.split(",").filter(Boolean), key].join(",");
  await ctx.db.update(oauthGrants).set({ alertsSent: sent }).where(eq(oauthGrants.id, row.id));
}

/** To the mailbox's notification address, `{mailbox}` filled in; false when there is none. */
export async function sendMail(
  ctx: AppContext,
  companyId: number,
  subject: string,
  lines: string[],
) {
  const target = await notificationAddress(ctx, companyId);
  if (!ctx.mailer || !target?.to) return false;
  const text = lines.join("\n").replaceAll("{mailbox}", target.username);
  await ctx.mailer.send({
    to: target.to,
    subject: subject.replace("{mailbox}", target.username),
    text,
  });
  return true;
}

/**
 * The provider refused the grant (invalid_grant and kin): only a new sign-in helps. The first
 * process to mark it sends the e-mail; later runs find it marked and stay quiet.
 */
export async function markNeedsSignIn(ctx: AppContext, row: GrantRow, errorCode: string) {
  const marked = await ctx.db
    .update(oauthGrants)
    .set({ status: "needs_signin", lastErrorCode: errorCode, updatedAt: ctx.now().toISOString() })
    .where(and(eq(oauthGrants.id, row.id), eq(oauthGrants.status, "active")));
  await ctx.db
    .update(mailboxes)
    .set({ state: "needs_signin", lastErrorCode: "AUTH_FAILED" })
    .where(eq(mailboxes.companyId, row.companyId));
  if (marked.rowsAffected !== 1) return;

  ctx.logger.warn({ grantId: row.id, code: errorCode }, "oauth grant needs sign-in");
  const name = PROVIDER_NAMES[row.provider] ?? row.provider;
  const sent = await sendMail(
    ctx,
    row.companyId,
    `[Buzón] Vuelve a iniciar sesión con ${name}: la recepción de {mailbox} está detenida`,
    [
      `${name} ya no acepta el permiso con el que Buzón lee el correo de recepción {mailbox}`,
      "(se revocó, venció o cambió la contraseña o la política de la cuenta).",
      "Mientras no vuelvas a iniciar sesión, Buzón no recibe facturas electrónicas de ese buzón.",
      "Abre la extensión de Buzón y pulsa «Iniciar sesión».",
      "",
      `${name} no longer accepts Buzón's permission to read the reception mailbox {mailbox}.`,
      "Open the Buzón extension and sign in again; until then no invoices are received.",
    ],
  ).catch((error: { code?: string }) => {
    ctx.logger.warn({ grantId: row.id, code: error.code }, "sign-in alert failed");
    return false;
  });
  if (sent) await recordAlert(ctx, { ...row, alertsSent: "" }, `needs_signin:${row.refreshedAt}`);
}

export function daysSinceRefresh(row: GrantRow, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(row.refreshedAt)) / DAY_MS);
}

/** One reminder per stretch without a successful refresh, keyed by when that stretch began. */
export async function sendInactivityReminder(ctx: AppContext, row: GrantRow): Promise<boolean> {
  const key = `reminder:${row.refreshedAt}`;
  const idle = daysSinceRefresh(row, ctx.now());
  if (row.status !== "active" || idle < REMINDER_AFTER_DAYS) return false;
  if (row.alertsSent.split(",").includes(key)) return false;

  const left = Math.max(0, INACTIVITY_LIMIT_DAYS - idle);
  const name = PROVIDER_NAMES[row.provider] ?? row.provider;
  const sent = await sendMail(
    ctx,
    row.companyId,
    `[Buzón] El inicio de sesión con ${name} de {mailbox} vence en ${left} días`,
    [
      `Buzón no ha podido renovar el inicio de sesión con ${name} del correo {mailbox}`,
      `desde hace ${idle} días. ${name} lo anula tras ${INACTIVITY_LIMIT_DAYS} días sin uso: quedan`,
      `${left} días. Revisa en la extensión de Buzón el estado del buzón y, si lo pide, vuelve a`,
      "iniciar sesión.",
      "",
      `Buzón has not renewed the ${name} sign-in of {mailbox} for ${idle} days; it lapses after`,
      `${INACTIVITY_LIMIT_DAYS} days unused (${left} left). Check the Buzón extension.`,
    ],
  );
  if (sent) await recordAlert(ctx, row, key);
  return sent;
}
