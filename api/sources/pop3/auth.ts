import { BuzonError } from "../../lib/errors.ts";
import { MAX_AUTH_LINE_BYTES } from "./pop3-limits.ts";
import type { Status } from "./parse.ts";

/**
 * The AUTHORIZATION state (RFC 1939 §4): USER/PASS, or SASL AUTH (RFC 5034). Credentials travel
 * only in command lines; errors carry the server's text in `cause` and never what was sent.
 */

/** What the login steps need from the client: one command at a time is already guaranteed. */
export interface AuthChannel {
  send(line: string): void;
  readStatus(): Promise<Status>;
  /** Marks the connection unusable (desynchronised) and returns the error to throw. */
  fatal(error: BuzonError): BuzonError;
}

/** RFC 1939 §7 USER and PASS. */
export async function loginUserPass(ch: AuthChannel, user: string, password: string) {
  await expectAccepted(ch, `USER ${user}`);
  await expectAccepted(ch, `PASS ${password}`);
}

/** RFC 4616 PLAIN: empty authzid, NUL, authcid, NUL, password, in UTF-8. */
export function plainResponse(user: string, password: string): string {
  return Buffer.from(`\0${user}\0${password}`, "utf8").toString("base64");
}

/** Google's and Microsoft's XOAUTH2: "user=…^Aauth=Bearer …^A^A". */
export function xoauth2Response(user: string, accessToken: string): string {
  return Buffer.from(`user=${user}\x01auth=Bearer ${accessToken}\x01\x01`).toString("base64");
}

/**
 * RFC 7628 §3.1 OAUTHBEARER: GS2 header naming the user, then host, port and the bearer token,
 * separated by ^A. Commas and "=" in the user are escaped as RFC 5801 §5.1 asks.
 */
export function oauthbearerResponse(user: string, host: string, port: number, token: string) {
  const authzid = user.replaceAll("=", "=3D").replaceAll(",", "=2C");
  const message = `n,a=${authzid},\x01host=${host}\x01port=${port}\x01auth=Bearer ${token}\x01\x01`;
  return Buffer.from(message).toString("base64");
}

/** The client's reply to an OAUTHBEARER error challenge: a lone ^A, base64. */
export const OAUTHBEARER_ABORT = "AQ==";

/**
 * RFC 5034 §4 AUTH with an initial response. A "+" after the response is an error challenge,
 * never success: the client answers `onChallenge` ("" for XOAUTH2's JSON, "AQ==" for OAUTHBEARER's
 * (RFC 7628 §3.2.3), "*" to cancel), reads
 * the server's -ERR and fails AUTH_FAILED.
 */
export async function authenticateSasl(
  ch: AuthChannel,
  mechanism: string,
  response: string,
  onChallenge: "" | "*" | typeof OAUTHBEARER_ABORT,
): Promise<void> {
  await sendInitialResponse(ch, mechanism, response);

  const status = await ch.readStatus();
  if (status.kind === "ok") return;
  if (status.kind === "err") throw authFailed(status.text);

  ch.send(onChallenge);
  const final = await ch.readStatus();
  if (final.kind === "continue") throw ch.fatal(unexpectedContinuation());
  throw authFailed(decodeChallenge(status.text));
}

/** Past 255 octets the response waits for the server's empty "+" challenge (RFC 5034 §4). */
async function sendInitialResponse(ch: AuthChannel, mechanism: string, response: string) {
  const line = `AUTH ${mechanism} ${response}`;
  if (Buffer.byteLength(line) <= MAX_AUTH_LINE_BYTES) return ch.send(line);

  ch.send(`AUTH ${mechanism}`);
  const status = await ch.readStatus();
  if (status.kind === "err") throw authFailed(status.text);
  if (status.kind === "ok") throw ch.fatal(new BuzonError("PROTOCOL"));
  ch.send(response);
}

/** A "+" where a final status is due is a protocol failure, not success. */
async function expectAccepted(ch: AuthChannel, line: string): Promise<void> {
  ch.send(line);
  const status = await ch.readStatus();
  if (status.kind === "err") throw authFailed(status.text);
  if (status.kind === "continue") throw ch.fatal(unexpectedContinuation());
}

export function assertSafeCredential(...values: string[]): void {
  // CR or LF would end the command line early; RFC 4616 §2 forbids NUL inside PLAIN fields.
  if (values.some((value) => /[\r\n\0]/.test(value))) {
    const message = "El usuario o la clave contienen caracteres no válidos.";
    throw new BuzonError("INVALID_INPUT", message);
  }
}

function authFailed(serverText: string): BuzonError {
  return new BuzonError("AUTH_FAILED", undefined, { cause: new Error(serverText) });
}

function unexpectedContinuation(): BuzonError {
  const cause = new Error("'+' continuation where a final status was expected");
  return new BuzonError("PROTOCOL", undefined, { cause });
}

/** XOAUTH2 error challenges are base64 JSON ({"status":"401",...}); kept for the logs. */
function decodeChallenge(text: string): string {
  const decoded = Buffer.from(text, "base64").toString("utf8");
  return decoded.length > 0 ? decoded : text;
}
