/**
 * Exchange Online's mailbox permissions as the test provider keeps them: who holds Full Access to
 * which mailbox (what `Add-MailboxPermission -AccessRights FullAccess` grants). Exchange lets such
 * a delegate log in to the shared mailbox over IMAP or POP3 with SASL XOAUTH2 naming the mailbox
 * and carrying the delegate's own token; the harness's Dovecot asks this table through
 * `POST /exchange/mailbox-permission` (shared-mailbox-passdb.lua).
 */
import type { ServerResponse } from "node:http";

export const FULL_ACCESS = "FullAccess";

/** Addresses compare without case, as Exchange's do. */
const key = (mailbox: string, user: string) => `${mailbox.toLowerCase()}\n${user.toLowerCase()}`;

export class MailboxPermissions {
  readonly #fullAccess = new Set<string>();

  /** Grants (`FullAccess`) or removes (anything else) `user`'s access to `mailbox`. */
  set(mailbox: string, user: string, rights: string): void {
    if (rights === FULL_ACCESS) this.#fullAccess.add(key(mailbox, user));
    else this.#fullAccess.delete(key(mailbox, user));
  }

  rightsOf(mailbox: string, user: string): string[] {
    return this.#fullAccess.has(key(mailbox, user)) ? [FULL_ACCESS] : [];
  }
}

/** `{ mailbox, user, accessRights }`, the fields Get-MailboxPermission lists for one user. */
export function answerMailboxPermission(
  permissions: MailboxPermissions,
  form: URLSearchParams,
  res: ServerResponse,
): void {
  const mailbox = form.get("mailbox") ?? "";
  const user = form.get("user") ?? "";
  const status = mailbox && user ? 200 : 400;
  const body =
    status === 200
      ? { mailbox, user, accessRights: permissions.rightsOf(mailbox, user) }
      : { error: "invalid_request" };
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}
