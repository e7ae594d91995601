import { BuzonError } from "../../lib/errors.ts";
import { plaintextReply } from "../connection-errors.ts";

/**
 * Turns a Node socket or TLS error into a BuzonError. The original error is kept as `cause`; the
 * message is the Spanish text a user may read.
 */

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME"]);

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ETIMEDOUT",
  "EADDRNOTAVAIL",
]);

/** OpenSSL verification codes that mean "this certificate is not one we trust". */
const UNTRUSTED_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
]);

const TLS_MESSAGES: Record<string, string> = {
  ERR_TLS_CERT_ALTNAME_INVALID: "El certificado del servidor no corresponde a su nombre.",
  CERT_HAS_EXPIRED: "El certificado del servidor está vencido.",
  CERT_NOT_YET_VALID: "El certificado del servidor aún no es válido.",
};

const UNTRUSTED_MESSAGE = "El certificado del servidor no es de confianza.";

export function mapSocketError(error: unknown): BuzonError {
  if (error instanceof BuzonError) return error;

  const code = (error as { code?: unknown } | null)?.code;
  const key = typeof code === "string" ? code : "";
  if (DNS_CODES.has(key)) return new BuzonError("DNS", undefined, { cause: error });
  if (CONNECTION_CODES.has(key)) return new BuzonError("CONNECTION", undefined, { cause: error });
  if (isTlsCode(key))
    return plaintextReply(error) ?? new BuzonError("TLS", tlsMessage(key), { cause: error });
  return new BuzonError("CONNECTION", undefined, { cause: error });
}

function isTlsCode(code: string): boolean {
  return (
    UNTRUSTED_CODES.has(code) ||
    code in TLS_MESSAGES ||
    code.startsWith("ERR_SSL_") ||
    code.startsWith("ERR_TLS_") ||
    code.startsWith("CERT_")
  );
}

function tlsMessage(code: string): string | undefined {
  if (UNTRUSTED_CODES.has(code)) return UNTRUSTED_MESSAGE;
  return TLS_MESSAGES[code];
}
