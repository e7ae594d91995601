import { BuzonError } from "../../lib/errors.ts";

/** RFC 1939 §3: "+OK" or "-ERR", upper case, then text. RFC 5034 §4 adds "+ " challenges. */
export type Status =
  { kind: "ok"; text: string } | { kind: "err"; text: string } | { kind: "continue"; text: string };

export function parseStatus(line: string): Status {
  if (line === "+OK" || line.startsWith("+OK ")) return { kind: "ok", text: line.slice(4) };
  if (line === "-ERR" || line.startsWith("-ERR ")) return { kind: "err", text: line.slice(5) };
  if (line === "+" || line.startsWith("+ ")) return { kind: "continue", text: line.slice(2) };
  throw protocolError(`Respuesta POP3 no reconocida: ${line.slice(0, 80)}`);
}

export interface MailboxStat {
  count: number;
  size: number;
}

/** RFC 1939 §5 STAT: "+OK nn mm". */
export function parseStat(text: string): MailboxStat {
  const [count, size] = parseNumbers(text, 2);
  return { count: count!, size: size! };
}

export interface ListEntry {
  msg: number;
  size: number;
}

/** RFC 1939 §5 LIST: one "msg size" line per message. */
export function parseList(body: Buffer): ListEntry[] {
  return bodyLines(body).map((line) => {
    const [msg, size] = parseNumbers(line, 2);
    return { msg: msg!, size: size! };
  });
}

export interface UidlEntry {
  msg: number;
  uid: string;
}

/** RFC 1939 §7 UIDL: the unique-id is 1 to 70 characters in the range 0x21 to 0x7E. */
const UID_PATTERN = /^(\d+) ([\x21-\x7e]{1,70})$/;

export function parseUidl(body: Buffer): UidlEntry[] {
  return bodyLines(body).map((line) => {
    const match = UID_PATTERN.exec(line);
    if (!match) throw protocolError(`Línea UIDL no válida: ${line.slice(0, 80)}`);
    return { msg: Number(match[1]), uid: match[2]! };
  });
}

/** RFC 2449 §5: one capability per line, tag first; tags are case-insensitive. */
export function parseCapabilities(body: Buffer): string[] {
  return bodyLines(body)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** True when CAPA lists "SASL" with `mechanism` among its arguments (RFC 2449 §6.3). */
export function hasSaslMechanism(capabilities: string[], mechanism: string): boolean {
  return capabilities.some((line) => {
    const [tag, ...args] = line.toUpperCase().split(/\s+/);
    return tag === "SASL" && args.includes(mechanism.toUpperCase());
  });
}

function bodyLines(body: Buffer): string[] {
  const text = body.toString("latin1");
  const lines = text.split("\r\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** The first `count` space-separated decimal numbers of `text`; RFC 1939 allows more after. */
function parseNumbers(text: string, count: number): number[] {
  const parts = text.trim().split(" ").slice(0, count);
  const valid = parts.length === count && parts.every((part) => /^\d{1,15}$/.test(part));
  if (!valid) throw protocolError(`Respuesta POP3 no válida: ${text.slice(0, 80)}`);
  return parts.map(Number);
}

/** Server text goes in `cause` only: it is not a message for users. */
function protocolError(detail: string): BuzonError {
  return new BuzonError("PROTOCOL", undefined, { cause: new Error(detail) });
}
