/**
 * Password-expiry alerts: one e-mail to the notification address 5 calendar days before the date
 * the user gave, and one more on the day itself. Days are counted in Colombia (America/Bogota),
 * where the user reads them. A changed date re-arms both, since sent alerts are keyed by date.
 */
import { eq } from "drizzle-orm";
import type { AppContext } from "../context.ts";
import { mailboxes } from "../db/schema.ts";
import type { MailboxRow } from "../ingest/settings.ts";
import { bogotaDate } from "../../shared/dates.ts";

export { bogotaDate };

export const EXPIRY_NOTICE_DAYS = 5;
/** Whole calendar days from today (Bogotá) to `date` (YYYY-MM-DD); negative once past. */
export function daysUntil(date: string, now: Date): number {
  const today = Date.parse(`${bogotaDate(now)}T00:00:00Z`);
  return Math.round((Date.parse(`${date}T00:00:00Z`) - today) / 86_400_000);
}

type AlertKind = "before" | "day";

function dueAlert(row: MailboxRow, now: Date): AlertKind | null {
  if (!row.passwordExpiresOn || !row.notificationEmail) return null;
  const days = daysUntil(row.passwordExpiresOn, now);
  const sent = row.expiryAlertsSent.split(",");
  if (days <= 0 && !sent.includes(`${row.passwordExpiresOn}:day`)) return "day";
  if (days > 0 && days <= EXPIRY_NOTICE_DAYS && !sent.includes(`${row.passwordExpiresOn}:before`))
    return "before";
  return null;
}

function alertText(row: MailboxRow, kind: AlertKind, now: Date) {
  const days = daysUntil(row.passwordExpiresOn!, now);
  // The day's alert goes out late when the host was down that day: then it says "venció".
  const when =
    kind === "before"
      ? `vence en ${days} día${days === 1 ? "" : "s"}`
      : days < 0
        ? "ya venció"
        : "vence hoy";
  return {
    subject: `[Buzón] La contraseña del correo de recepción ${row.username} ${when}`,
    text: [
      `La contraseña del correo de recepción ${row.username} ${when} (${row.passwordExpiresOn}).`,
      "Cámbiala en tu proveedor de correo y actualízala en Buzón para que la recepción de",
      "facturas electrónicas no se detenga.",
      "",
      `The password of the reception mailbox ${row.username} expires on ${row.passwordExpiresOn}.`,
      "Change it at your mail provider and update it in Buzón so that invoices keep arriving.",
    ].join("\n"),
  };
}

/** Sends the alert that is due for this mailbox, if any; answers what it sent. */
export async function sendExpiryAlert(ctx: AppContext, row: MailboxRow): Promise<AlertKind | null> {
  const now = ctx.now();
  const kind = dueAlert(row, now);
  if (!kind || !ctx.mailer) return null;
  const { subject, text } = alertText(row, kind, now);
  await ctx.mailer.send({ to: row.notificationEmail!, subject, text });
  const sent = [
    ...row.expiryAlertsSent.split(",").filter(Boolean),
    `${row.passwordExpiresOn}:${kind}`,
  ];
  await ctx.db
    .update(mailboxes)
    .set({ expiryAlertsSent: sent.join(",") })
    .where(eq(mailboxes.id, row.id));
  ctx.logger.info({ mailboxId: row.id, kind }, "password expiry alert sent");
  return kind;
}
