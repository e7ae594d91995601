/**
 * A saved password is kept when the form leaves it blank, but only for the server it was given
 * for. Sending it anywhere else would let whoever holds an API token point the mailbox at a server
 * of theirs and read the password there: changing where or how Buzón connects asks for it again.
 */
import type { MailboxRow } from "../ingest/settings.ts";
import { ValidationError } from "./validation.ts";
import { RECEPTION_FIELDS, type ReceptionFieldName } from "../../shared/reception-fields.ts";

interface Destination {
  serverType?: string;
  protocol: string;
  host: string;
  port: number;
  security: string;
  username: string;
  tlsCa?: string | null;
  password?: string | null;
}

const SECURITY_RANK: Record<string, number> = { none: 0, starttls: 1, ssl: 2 };

function changedFields(form: Destination, stored: MailboxRow): ReceptionFieldName[] {
  const changed: ReceptionFieldName[] = [];
  if (form.protocol !== stored.protocol) changed.push("protocol");
  if (form.host.toLowerCase() !== stored.host.toLowerCase()) changed.push("host");
  if (form.port !== stored.port) changed.push("port");
  if (form.username !== stored.username) changed.push("username");
  // Going from TLS to less TLS could hand the password to anyone on the path.
  if ((SECURITY_RANK[form.security] ?? 0) < (SECURITY_RANK[stored.security] ?? 0)) {
    changed.push("security");
  }
  // A new CA can make any server look like the right one.
  if ((form.tlsCa ?? null) !== (stored.tlsCa ?? null)) changed.push("tlsCa");
  return changed;
}

/** Throws a field error when a blank password would reach a different server than before. */
export function assertPasswordReusable(form: Destination, stored: MailboxRow | null): void {
  if (!stored || (form.password ?? "") !== "") return;
  // OAuth mailboxes send a token bound to the provider, not the stored password.
  if (form.serverType?.startsWith("oauth")) return;
  const changed = changedFields(form, stored);
  if (changed.length === 0) return;
  throw new ValidationError([
    {
      path: "password",
      code: "PASSWORD_REQUIRED_FOR_CHANGE",
      message:
        "Escribe de nuevo la contraseña: cambiaste el servidor o la forma de conectarse " +
        `(${changed.map((f) => `«${RECEPTION_FIELDS[f].label}»`).join(", ")}), y la ` +
        "contraseña guardada solo se usa con el servidor original.",
    },
  ]);
}
