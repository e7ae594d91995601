/**
 * Readers for single form values: each turns what a form or a JSON client sent into a clean value
 * or names the issue code. Blank text ("", spaces, null) counts as absent, the way a form sends an
 * empty input.
 */
import type { ReceptionIssueCode } from "./reception-fields.ts";

export type Parsed<T> = { value: T } | { issue: ReceptionIssueCode };

export const isBlank = (v: unknown) =>
  v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/** Text with surrounding spaces removed; `max` counts characters. */
export function parseText(v: unknown, max: number): Parsed<string> {
  if (isBlank(v)) return { issue: "REQUIRED" };
  if (typeof v !== "string") return { issue: "INVALID_TYPE" };
  const text = v.trim();
  return text.length > max ? { issue: "TOO_LONG" } : { value: text };
}

/** Passwords are kept exactly as typed: a leading or trailing space may be part of one. */
export function parseSecret(v: unknown, max: number): Parsed<string> {
  if (v === undefined || v === null || v === "") return { issue: "REQUIRED" };
  if (typeof v !== "string") return { issue: "INVALID_TYPE" };
  return v.length > max ? { issue: "TOO_LONG" } : { value: v };
}

export function parseOption<T extends string>(
  v: unknown,
  options: readonly T[],
  aliases: Record<string, T> = {},
): Parsed<T> {
  const text = parseText(v, 32);
  if ("issue" in text) return text;
  const key = text.value.toLowerCase();
  const option = options.find((o) => o === key) ?? aliases[key];
  return option ? { value: option } : { issue: "INVALID_OPTION" };
}

/** RFC 1123 labels: letters, digits, inner hyphens, 63 characters each. */
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);
const IPV6 = /^[0-9a-f:.]+$/;

/** A host name or an IP address, without scheme, port or path. */
export function parseHost(v: unknown): Parsed<string> {
  const text = parseText(v, 253);
  if ("issue" in text) return text;
  const host = text.value.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  const ok = HOSTNAME.test(host) || (host.includes(":") && IPV6.test(host));
  return ok ? { value: host } : { issue: "INVALID_HOST" };
}

/** JSON clients send a number, forms send digits. */
export function parsePort(v: unknown): Parsed<number> {
  if (isBlank(v)) return { issue: "REQUIRED" };
  const port = typeof v === "string" && /^\s*\d{1,5}\s*$/.test(v) ? Number(v) : v;
  const ok = typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535;
  return ok ? { value: port } : { issue: "INVALID_PORT" };
}

/** Deliberately plain: one @, a dotted domain, no spaces; the mail server has the last word. */
const EMAIL = /^[^\s@]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

export function parseEmail(v: unknown): Parsed<string> {
  const text = parseText(v, 254);
  if ("issue" in text) return text;
  return EMAIL.test(text.value) ? { value: text.value } : { issue: "INVALID_EMAIL" };
}

/** A calendar date written YYYY-MM-DD (2025-02-30 is refused). */
export function parseDate(v: unknown): Parsed<string> {
  const text = parseText(v, 32);
  if ("issue" in text && text.issue !== "TOO_LONG") return text;
  const value = "value" in text ? text.value : "";
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return { issue: "INVALID_DATE" };

  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value ? { value } : { issue: "INVALID_DATE" };
}

/** Certificates are a few KB; 64 KB leaves room for a chain. */
const MAX_PEM_CHARS = 64 * 1024;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

export function parsePem(v: unknown): Parsed<string> {
  const text = parseText(v, MAX_PEM_CHARS);
  if ("issue" in text) return text;
  if (!PEM_CERTIFICATE.test(text.value)) return { issue: "INVALID_CERTIFICATE" };
  return text;
}

/** IMAP mailbox names: no control characters (RFC 3501 §5.1 leaves them to the server). */
export function parseFolder(v: unknown, fallback: string): Parsed<string> {
  if (isBlank(v)) return { value: fallback };
  const text = parseText(v, 200);
  if ("issue" in text) return text;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  return /[\u0000-\u001f\u007f]/.test(text.value) ? { issue: "INVALID_FOLDER" } : text;
}
