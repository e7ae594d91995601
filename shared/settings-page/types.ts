/**
 * What a provider's settings page says about its mail servers, read from the page's visible text.
 * A page is given as "leaves": its text pieces in document order, each with a reference the caller
 * chooses (a DOM element in the content script, an index in a unit test), so the readers stay pure.
 */
import type { MailSecurity } from "../providers.ts";

export type MailService = "imap" | "pop3" | "smtp";
export type ServerField = "host" | "port" | "security";

export interface TextLeaf<R> {
  text: string;
  ref: R;
  /** For radio buttons and switches: whether this choice is selected. */
  checked?: boolean;
}

export interface ServerValues {
  host: string | null;
  port: number | null;
  security: MailSecurity | null;
}

/** One value found on the page, with the leaf that shows it (to highlight it). */
export interface FoundValue<R> {
  service: MailService;
  field: ServerField;
  ref: R;
}

export type SettingsProvider = "outlook" | "cpanel";

export interface PageSettings<R> {
  provider: SettingsProvider;
  imap: ServerValues | null;
  pop3: ServerValues | null;
  smtp: ServerValues | null;
  /** Outlook's "Let devices and apps use POP"; null when the page does not say. */
  popEnabled: boolean | null;
  /** cPanel names the account on the same page. */
  username: string | null;
  found: FoundValue<R>[];
}

/** The page's findings without the element references: what goes to the background and popup. */
export type DetectedSettings = Omit<PageSettings<unknown>, "found"> & {
  url: string;
  /** Which values the page showed, e.g. "imap.host". */
  fields: string[];
};
