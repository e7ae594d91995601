/**
 * Mailbox health, told once per incident: a mailbox whose runs fail (login refused, server down)
 * or that has had no good run for BUZON_STALE_HOURS is unhealthy. The notification address gets
 * one e-mail when it turns unhealthy and one when it works again, not one per run.
 */
import { eq } from "drizzle-orm";
import type { AppContext } from "../context.ts";
import { mailboxes } from "../db/schema.ts";
import type { MailboxRow } from "../ingest/settings.ts";
import { isClientRejectedGrant } from "../oauth/client-rejected.ts";
import { findGrant } from "../oauth/token-store.ts";

export const DEFAULT_STALE_HOURS = 6;

/** After this long failing, polling drops to hourly instead of hammering the provider. */
export const SLOW_POLL_AFTER_DAYS = 5;
export const SLOW_POLL_MINUTES = 60;

const HOUR_MS = 3_600_000;

export function isUnhealthy(row: MailboxRow, now: Date, staleHours: number): boolean {
  if (row.state === "error" || row.state === "needs_signin") return true;
  const since = row.lastSuccessAt ?? row.createdAt;
  return now.getTime() - Date.parse(since) > staleHours * HOUR_MS;
}

/** Minutes between runs: the configured interval, or hourly after days of failure. */
export function pollMinutesFor(row: MailboxRow, pollMinutes: number, now: Date): number {
  if (!row.failingSince) return pollMinutes;
  const failingDays = (now.getTime() - Date.parse(row.failingSince)) / (24 * HOUR_MS);
  return failingDays >= SLOW_POLL_AFTER_DAYS
    ? Math.max(pollMinutes, SLOW_POLL_MINUTES)
    : pollMinutes;
}

function incidentMail(row: MailboxRow) {
  const reason = row.lastErrorMessage ?? "No hay ejecuciones exitosas recientes.";
  return {
    subject: `[Buzón] El correo de recepción ${row.username} no se está leyendo`,
    text: [
      `Buzón no ha podido leer el correo de recepción ${row.username}.`,
      `Motivo: ${reason}`,
      "Mientras tanto las facturas siguen llegando al buzón y se leerán cuando se corrija.",
      "Revisa la configuración en la extensión de Buzón («Probar conexión»).",
      "",
      `Buzón cannot read the reception mailbox ${row.username}. Invoices wait in the mailbox`,
      "and will be read once this is fixed.",
    ].join("\n"),
  };
}

function recoveryMail(row: MailboxRow) {
  return {
    subject: `[Buzón] El correo de recepción ${row.username} funciona de nuevo`,
    text: [
      `Buzón volvió a leer el correo de recepción ${row.username}.`,
      "",
      `Buzón reads the reception mailbox ${row.username} again.`,
    ].join("\n"),
  };
}

/** Sends the incident or recovery e-mail when the health changed; answers what it sent. */
export async function checkHealth(
  ctx: AppContext,
  row: MailboxRow,
  staleHours: number,
): Promise<"incident" | "recovery" | null> {
  const now = ctx.now();
  const unhealthy = isUnhealthy(row, now, staleHours);
  if (unhealthy === (row.healthAlertAt !== null)) return null;
  // A mailbox that needs a new OAuth sign-in, or whose provider refuses Buzón's app
  // registration, has its own alert (oauth/sign-in-alerts.ts, oauth/client-rejected.ts).
  const ownAlert =
    row.state === "needs_signin" ||
    (unhealthy && isClientRejectedGrant(await findGrant(ctx, row.companyId)));
  if (row.notificationEmail && ctx.mailer && !ownAlert) {
    const mail = unhealthy ? incidentMail(row) : recoveryMail(row);
    await ctx.mailer.send({ to: row.notificationEmail, ...mail });
  }
  const healthAlertAt = unhealthy ? now.toISOString() : null;
  await ctx.db.update(mailboxes).set({ healthAlertAt }).where(eq(mailboxes.id, row.id));
  ctx.logger.info({ mailboxId: row.id, healthy: !unhealthy }, "mailbox health changed");
  return unhealthy ? "incident" : "recovery";
}
