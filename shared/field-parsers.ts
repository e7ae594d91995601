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

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A user name as a mail server takes it: one line, no control characters (RFC 3501 §6.2.3). */
export function parseUsername(v: unknown, max: number): Parsed<string> {
  const text = parseText(v, max);
  if ("issue" in text) return text;
  return CONTROL.test(text.value) ? { issue: "INVALID_CHARACTERS" } : text;
}

/**
 * A password that can travel in IMAP LOGIN and POP3 PASS/AUTH: no CR, LF or NUL (they would end
 * the command). Spaces alone are refused rather than read as "keep the saved password".
 */
export function parsePassword(v: unknown, max: number): Parsed<string | null> {
  if (v === undefined || v === null || v === "") return { value: null };
  if (typeof v === "string" && v.trim() === "") return { issue: "ONLY_SPACES" };
  const secret = parseSecret(v, max);
  if ("issue" in secret) return secret;
  return /[\r\n\u0000]/.test(secret.value) ? { issue: "INVALID_CHARACTERS" } : secret;
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
  // Own keys only: "constructor" or "__proto__" must not find Object's members.
  const option =
    options.find((o) => o === key) ?? (Object.hasOwn(aliases, key) ? aliases[key] : undefined);
  return option ? { value: option } : { issue: "INVALID_OPTION" };
}

/** RFC 1123 labels: letters, digits, inner hyphens, 63 characters each. */
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);
const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** IPv6 literal check that runs in the browser too: the URL parser knows RFC 4291's forms. */
function isIpv6(host: string): boolean {
  if (!/^[0-9a-f:.]+$/.test(host) || !host.includes(":")) return false;
  try {
    return new URL(`http://[${host}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

/** "Any address" (0.0.0.0, ::) is where a server listens, never a server to connect to. */
function isUnspecified(host: string): boolean {
  if (host === "0.0.0.0") return true;
  if (!host.includes(":")) return false;
  try {
    return new URL(`http://[${host}]/`).hostname === "[::]";
  } catch {
    return false;
  }
}

/**
 * A host name or an IP address, without scheme, port or path. A name whose last label is all
 * digits (or hex, 0x…) must be a dotted IPv4 address (999.1.1.1 is neither); an IPv6
 * literal may end in one (::ffff:192.0.2.1, RFC 4291 §2.2). The trailing dot of an absolute name
 * (mail.empresa.co.) is dropped: certificates and SNI carry the name without it.
 */
export function parseHost(v: unknown): Parsed<string> {
  const text = parseText(v, 253);
  if ("issue" in text) return text;
  const host = text.value
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/([a-z0-9-])\.$/, "$1");
  // inet_aton reads 0x7f000001 and 0x7f.1 as addresses too: numeric, so only a dotted quad passes.
  const numericTld = /(^|\.)(\d+|0x[0-9a-f]*)$/.test(host);
  const ok = host.includes(":")
    ? isIpv6(host)
    : numericTld
      ? DOTTED_QUAD.test(host)
      : HOSTNAME.test(host);
  if (!ok) return { issue: "INVALID_HOST" };
  return isUnspecified(host) ? { issue: "NOT_A_SERVER_ADDRESS" } : { value: host };
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

/** Dates outside these years are typing mistakes, not password expiry dates. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

/** A calendar date written YYYY-MM-DD (2025-02-30 is refused). */
export function parseDate(v: unknown): Parsed<string> {
  const text = parseText(v, 32);
  if ("issue" in text && text.issue !== "TOO_LONG") return text;
  const value = "value" in text ? text.value : "";
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return { issue: "INVALID_DATE" };

  const year = Number(match[1]);
  if (year < FIRST_YEAR || year > LAST_YEAR) return { issue: "INVALID_DATE" };
  const date = new Date(Date.UTC(year, Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value ? { value } : { issue: "INVALID_DATE" };
}

/** Certificates are a few KB; 64 KB leaves room for a chain. */
const MAX_PEM_CHARS = 64 * 1024;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** One or more PEM certificates (RFC 7468): base64 between the markers, nothing else. */
export function parsePem(v: unknown): Parsed<string> {
  const text = parseText(v, MAX_PEM_CHARS);
  if ("issue" in text) return text;
  const bodies = [...text.value.matchAll(PEM_BLOCK)].map((m) => (m[1] ?? "").replace(/\s+/g, ""));
  const wellFormed = (body: string) => body.length >= 64 && /^[A-Za-z0-9+/]+={0,2}$/.test(body);
  if (bodies.length === 0 || !bodies.every(wellFormed)) return { issue: "INVALID_CERTIFICATE" };
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
