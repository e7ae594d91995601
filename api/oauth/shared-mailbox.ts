/**
 * A mailbox opened with another account's sign-in: the form's «Usuario» is the mailbox, the grant
 * belongs to whoever signed in. Exchange Online takes XOAUTH2 with user=<shared mailbox> and the
 * delegate's token when the delegate has Full Access to that mailbox, and answers a bare
 * "AUTHENTICATE failed" when not. Gmail opens only the signed-in account's own mailbox over IMAP
 * and POP3 (its delegation stops at the web interface). Either refusal, told as "wrong user or
 * password", would send the user looking for a password that OAuth does not use.
 */
import { BuzonError } from "../lib/errors.ts";

/** Stable codes, in the error's `details.reason` and at the end of the Spanish message. */
export const SHARED_MAILBOX_DENIED = "SHARED_MAILBOX_ACCESS_DENIED";
export const ACCOUNT_MISMATCH = "OAUTH_ACCOUNT_MISMATCH";

export interface DelegatedLogin {
  serverType: string;
  /** The mailbox, as the form names it and as the login sends it. */
  username?: string;
  /** Who signed in (the grant's account), when the provider said. */
  oauthAccount?: string | null;
}

/** The account that signed in is not the mailbox it logs in to. */
export function isDelegatedLogin(login: DelegatedLogin): boolean {
  const { username, oauthAccount } = login;
  if (!username || !oauthAccount || !login.serverType.startsWith("oauth-")) return false;
  return username.trim().toLowerCase() !== oauthAccount.trim().toLowerCase();
}

function microsoftMessage(mailbox: string, account: string): string {
  return (
    `Microsoft no dejó que ${account} abriera el buzón ${mailbox}. Si ${mailbox} es un buzón ` +
    `compartido, un administrador de Microsoft 365 debe darle a ${account} el permiso ` +
    `«Acceso total» (Full Access) sobre ese buzón: Centro de administración de Exchange → ` +
    `Destinatarios → Buzones → ${mailbox} → Delegación → Leer y administrar. Si no es ` +
    `compartido, inicia sesión con la cuenta ${mailbox}. (código ${SHARED_MAILBOX_DENIED})`
  );
}

function googleMessage(mailbox: string, account: string): string {
  return (
    `Google solo deja leer por IMAP o POP3 el buzón de la cuenta que inició sesión ` +
    `(${account}), no el de ${mailbox}. Inicia sesión con la cuenta ${mailbox}. ` +
    `(código ${ACCOUNT_MISMATCH})`
  );
}

/**
 * The server's refusal of a delegated login, said in Spanish with the way out. Other errors,
 * and refusals that already carry a reason (a sign-in to renew, Buzón's app registration), pass
 * through unchanged.
 */
export function explainDelegatedRefusal(error: BuzonError, login: DelegatedLogin): BuzonError {
  if (error.code !== "AUTH_FAILED" || error.details?.reason || !isDelegatedLogin(login)) {
    return error;
  }
  const mailbox = login.username!.trim();
  const account = login.oauthAccount!.trim();
  const microsoft = login.serverType === "oauth-microsoft";
  const message = microsoft ? microsoftMessage(mailbox, account) : googleMessage(mailbox, account);
  return new BuzonError("AUTH_FAILED", message, {
    cause: error.cause,
    details: { reason: microsoft ? SHARED_MAILBOX_DENIED : ACCOUNT_MISMATCH },
  });
}
