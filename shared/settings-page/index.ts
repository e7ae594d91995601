/**
 * Readers for mail providers' settings pages: which page is which, what its text says, and the
 * summary the extension passes around. Pure: callers hand in text leaves, no DOM needed.
 */
import { MICROSOFT_NOTE } from "../providers.ts";
import { readCpanelSettings } from "./read-cpanel.ts";
import { readOutlookSettings } from "./read-outlook.ts";
import type { DetectedSettings, PageSettings, SettingsProvider, TextLeaf } from "./types.ts";

export * from "./types.ts";
export { readCpanelSettings } from "./read-cpanel.ts";
export { readOutlookSettings } from "./read-outlook.ts";

export const OUTLOOK_HOSTS = [
  "outlook.live.com",
  "outlook.office.com",
  "outlook.office365.com",
  "outlook.cloud.microsoft",
];

/** Sync email / POP and IMAP / Forwarding and IMAP, as Outlook names them in its URLs. */
const OUTLOOK_OPTIONS_PATH = /\/options\/mail\/(?:popimap|syncemail|sync|forwarding|accounts)\b/i;

export function isOutlookSettingsUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const onOutlook = parsed.protocol === "https:" && OUTLOOK_HOSTS.includes(parsed.hostname);
  return onOutlook && OUTLOOK_OPTIONS_PATH.test(parsed.pathname + parsed.hash);
}

/** Reads whichever provider page this is: Outlook by its address, otherwise cPanel by its text. */
export function readSettingsPage<R>(url: string, leaves: TextLeaf<R>[]): PageSettings<R> | null {
  if (isOutlookSettingsUrl(url)) return readOutlookSettings(leaves);
  return readCpanelSettings(leaves);
}

export function summarize(settings: PageSettings<unknown>, url: string): DetectedSettings {
  const { found, ...rest } = settings;
  return { ...rest, url, fields: found.map((f) => `${f.service}.${f.field}`) };
}

/**
 * What the user must know about this provider's logins (Microsoft: no plain passwords). The note
 * itself rather than a search of the presets, so the page readers do not carry the whole table.
 */
export function providerNote(provider: SettingsProvider, language: "es" | "en" = "es") {
  return provider === "outlook" ? MICROSOFT_NOTE[language] : null;
}
