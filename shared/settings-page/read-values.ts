/** Shapes of the values a settings page shows, and the labels in front of them (EN and ES). */
import type { MailSecurity } from "../providers.ts";
import type { ServerField } from "./types.ts";

const HOSTNAME =
  /^(?=.{4,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Collapses spaces (including no-break spaces) and trims; lowercases for comparisons. */
export function normalize(text: string): string {
  return text.replace(/[\s\u00a0]+/g, " ").trim();
}

export const fold = (text: string) =>
  normalize(text)
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");

export function readHost(text: string): string | null {
  const host = normalize(text).toLowerCase().replace(/\.$/, "");
  return HOSTNAME.test(host) && /[a-z]/.test(host) ? host : null;
}

export function readPort(text: string): number | null {
  const match = /^\d{1,5}$/.exec(normalize(text));
  const port = match ? Number(match[0]) : NaN;
  return port >= 1 && port <= 65535 ? port : null;
}

/** "TLS" and "SSL" mean implicit TLS on the IMAP/POP ports; Outlook writes STARTTLS for SMTP. */
export function readSecurity(text: string): MailSecurity | null {
  const word = fold(text).replace(/[\s()]/g, "");
  if (word === "starttls") return "starttls";
  if (["tls", "ssl", "ssl/tls", "tls/ssl"].includes(word)) return "ssl";
  if (["none", "ninguno", "ninguna"].includes(word)) return "none";
  return null;
}

/** Reads a value by the shape its field expects. */
export function readField(field: ServerField, text: string): string | number | null {
  if (field === "host") return readHost(text);
  if (field === "port") return readPort(text);
  return readSecurity(text);
}

/** The field a value's shape alone reveals, for values shown without a label. */
export function guessField(text: string): ServerField | null {
  if (readPort(text) !== null) return "port";
  if (readSecurity(text) !== null) return "security";
  if (readHost(text) !== null) return "host";
  return null;
}

export interface LabelPair {
  label: string;
  /** Empty when the leaf holds the label only (its value comes in the next leaf). */
  value: string;
}

/**
 * Splits "Server name: outlook.office365.com" or "IMAP Port: 993 POP3 Port: 995" into the labels
 * (as `labels` spells them, folded) and their values. Answers [] when the leaf starts with no label.
 */
export function readLabelPairs(text: string, labels: readonly string[]): LabelPair[] {
  const folded = fold(text);
  const byLength = [...labels].sort((a, b) => b.length - a.length);
  const alternatives = byLength.map((l) => l.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|");
  const pattern = new RegExp(`(?:^|\\s)(${alternatives})\\s*:?(?=\\s|$)`, "g");

  const hits = [...folded.matchAll(pattern)];
  if (hits.length === 0 || folded.slice(0, hits[0]!.index).trim() !== "") return [];
  return hits.map((hit, i) => {
    const end = hits[i + 1]?.index ?? folded.length;
    const value = normalize(text)
      .slice(hit.index + hit[0].length, end)
      .trim();
    return { label: hit[1]!, value };
  });
}
