/**
 * Microsoft's refusal of passwords, said in Spanish with the way out. Its servers answer a
 * password login with "NO Basic authentication is disabled." (IMAP) or "-ERR ..." (POP3) since
 * Basic authentication was switched off (Microsoft 365: 2022-2023; Outlook.com: 2024-09-16); the
 * generic "wrong user or password" would send the user hunting for a password that cannot work.
 */
import { BuzonError } from "../lib/errors.ts";
import { BASIC_AUTH_DISABLED_MESSAGE, isMicrosoftMailHost } from "../../shared/reception-config.ts";
import { explainDelegatedRefusal, type DelegatedLogin } from "./shared-mailbox.ts";

const BASIC_DISABLED_REPLY = /basic auth(entication)? is disabled/i;

/** The server's own words, as imapflow (responseText) or our POP3 client (message) keep them. */
function serverText(cause: unknown): string {
  const e = (cause ?? {}) as { responseText?: unknown; message?: unknown };
  return String(e.responseText ?? e.message ?? "");
}

/** A login refusal in Spanish with the way out: Basic auth at Microsoft, or a shared mailbox. */
export function explainLoginRefusal(
  error: BuzonError,
  settings: DelegatedLogin & { host: string },
): BuzonError {
  if (error.code !== "AUTH_FAILED") return error;
  const delegated = explainDelegatedRefusal(error, settings);
  if (delegated !== error) return delegated;
  const saysDisabled = BASIC_DISABLED_REPLY.test(serverText(error.cause));
  const passwordAtMicrosoft = settings.serverType === "basic" && isMicrosoftMailHost(settings.host);
  if (!saysDisabled && !passwordAtMicrosoft) return error;
  return new BuzonError("AUTH_FAILED", BASIC_AUTH_DISABLED_MESSAGE, {
    cause: error.cause,
    details: { reason: "BASIC_AUTH_DISABLED" },
  });
}
