/** What the toolbar badge says, from the last status poll and what the current tab showed. */
import type { StatusSnapshot } from "../storage.ts";

export const RED = "#d32f2f";
export const GREY = "#757575";
export const GREEN = "#2e7d32";

export interface Badge {
  text: string;
  color: string;
  title: string;
}

/**
 * A red "!" when the mailbox needs a new sign-in (OAuth); unseen failures in red; a red "!" when
 * the mailbox is not being read; a grey "!" when the API is out of reach or refuses the token.
 */
export function badgeFor(snapshot: StatusSnapshot | null): Badge {
  if (snapshot?.error) {
    return { text: "!", color: GREY, title: `Buzón: ${snapshot.error.message}` };
  }
  const unseen = snapshot?.status?.failed.unseen ?? 0;
  const mailbox = snapshot?.status?.mailbox;
  // An OAuth mailbox whose sign-in lapsed is not read until someone signs in again.
  if (mailbox?.state === "needs_signin" || snapshot?.status?.signIn?.state === "needs_signin") {
    return { text: "!", color: RED, title: "Buzón: vuelve a iniciar sesión en el buzón" };
  }
  if (unseen === 0 && mailbox?.healthy === false) {
    const reason = mailbox.lastErrorMessage ?? "el buzón no se está leyendo";
    return { text: "!", color: RED, title: `Buzón: ${reason}` };
  }
  if (unseen === 0) return { text: "", color: RED, title: "Buzón" };
  const text = unseen > 99 ? "99+" : String(unseen);
  const noun = unseen === 1 ? "correo fallido sin revisar" : "correos fallidos sin revisar";
  return { text, color: RED, title: `Buzón: ${unseen} ${noun}` };
}

/**
 * On a tab whose page showed server values the badge says so, unless failures are waiting: a
 * failure count matters more than a hint the popup repeats anyway.
 */
export function tabBadgeFor(global: Badge): Badge {
  const title = `${global.title} · valores de correo detectados en esta página`;
  if (global.text !== "") return { ...global, title };
  return { text: "✓", color: GREEN, title };
}

/** Poll every minute while failures wait to be seen, otherwise every five. */
export function pollMinutesFor(snapshot: StatusSnapshot | null): number {
  return (snapshot?.status?.failed.unseen ?? 0) > 0 ? 1 : 5;
}
