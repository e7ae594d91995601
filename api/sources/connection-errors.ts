/**
 * Turns what a socket, a TLS handshake or a mail library threw into Buzón's vocabulary, and tells
 * which step of a connection failed. The server's own words stay in `cause`, never in the message:
 * they may echo the user name, and they are in English.
 */
import { BuzonError, isBuzonError } from "../lib/errors.ts";
import type { ConnectionStep } from "../ingest/types.ts";

const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "EPROTO",
]);

/**
 * OpenSSL's words when the other end answered the TLS handshake in plain text (a plaintext
 * greeting on 143/110/25) or with something else entirely: the port or the security setting is
 * wrong, not the certificate.
 */
const NOT_TLS_CODES = new Set([
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_SSL_PACKET_LENGTH_TOO_LONG",
  "ERR_SSL_UNKNOWN_PROTOCOL",
  "ERR_SSL_HTTP_REQUEST",
]);
const NOT_TLS_TEXT = /wrong version number|packet length too long|unknown protocol|http request/i;

export const NOT_TLS_MESSAGE =
  "El servidor no respondió con una conexión segura en ese puerto: revisa el puerto y el " +
  "«Protocolo de Seguridad» (SSL/TLS va con 993 o 995; STARTTLS con 143 o 110).";

export const STARTTLS_NOT_OFFERED_MESSAGE =
  "El servidor no ofrece STARTTLS en ese puerto: elige SSL/TLS en el «Protocolo de Seguridad» " +
  "(puertos 993 o 995) o revisa el puerto.";

/** STARTTLS was asked for and the server does not offer it (imapflow's words; POP3's -ERR). */
export function starttlsNotOffered(cause: unknown): BuzonError {
  return new BuzonError("TLS", STARTTLS_NOT_OFFERED_MESSAGE, {
    cause,
    details: { field: "security", reason: "STARTTLS_NOT_OFFERED" },
  });
}

/** The handshake got plain text back: a TLS error worded for the port and security fields. */
export function plaintextReply(error: unknown): BuzonError | null {
  const e = (error ?? {}) as LibraryError;
  if (!NOT_TLS_CODES.has(e.code ?? "") && !NOT_TLS_TEXT.test(e.message ?? "")) return null;
  return new BuzonError("TLS", NOT_TLS_MESSAGE, {
    cause: error,
    details: { field: "port", reason: "NOT_TLS" },
  });
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH"]);

/** TCP connected, then the server hung up (or the session dropped mid-command). */
const CLOSED_CODES = new Set(["ECONNRESET", "EPIPE", "NoConnection", "EConnectionClosed"]);

const TIMEOUT_CODES = new Set(["ETIMEDOUT", "CONNECT_TIMEOUT", "GREETING_TIMEOUT", "ETIMEOUT"]);

interface LibraryError {
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  responseText?: string;
  message?: string;
}

export const STEP_OF_CODE: Partial<Record<string, ConnectionStep>> = {
  DNS: "dns",
  CONNECTION: "tcp",
  TIMEOUT: "tcp",
  THROTTLED: "auth",
  PROTOCOL: "tcp",
  TLS: "tls",
  AUTH_FAILED: "auth",
  HOST_NOT_ALLOWED: "dns",
  FOLDER: "folder",
};

/** Classifies any error thrown while connecting or talking to a mail server. */
export function toMailError(error: unknown): BuzonError {
  if (isBuzonError(error)) return error;
  const e = (error ?? {}) as LibraryError;
  const code = e.code ?? "";
  if (e.authenticationFailed) {
    return new BuzonError("AUTH_FAILED", undefined, { cause: error });
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new BuzonError("DNS", undefined, { cause: error });
  }
  // Office 365 answers "NO Request is throttled. Suggested Backoff Time: …"; imapflow waits that
  // long, then fails with ETHROTTLE. The next run tries again.
  if (code === "ETHROTTLE" || /throttl/i.test(e.responseText ?? "")) {
    return new BuzonError("THROTTLED", undefined, { cause: error });
  }
  // Codes first: a greeting timeout's text suggests TLS ("Maybe should use TLS?") but is a timeout.
  if (TIMEOUT_CODES.has(code)) return new BuzonError("TIMEOUT", undefined, { cause: error });
  if (CLOSED_CODES.has(code)) {
    return new BuzonError("CONNECTION", "El servidor cerró la conexión sin responder.", {
      cause: error,
    });
  }
  if (CONNECTION_CODES.has(code)) return new BuzonError("CONNECTION", undefined, { cause: error });
  const notTls = plaintextReply(error);
  if (notTls) return notTls;
  if (/does not support STARTTLS/i.test(e.message ?? "")) return starttlsNotOffered(error);
  if (e.tlsFailed || TLS_CODES.has(code) || /certificate|ssl routines/i.test(e.message ?? "")) {
    return new BuzonError(
      "TLS",
      "La conexión segura falló: el certificado del servidor no es de confianza o no coincide con su nombre.",
      { cause: error },
    );
  }
  return new BuzonError("PROTOCOL", undefined, { cause: error });
}

/** Throttling is the account's trouble, not the folder's: callers that wrap errors let it through. */
export function isThrottled(error: unknown): boolean {
  return toMailError(error).code === "THROTTLED";
}
