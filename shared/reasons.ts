/**
 * Why an e-mail could not be processed, in words for the people who read the failed list: one
 * entry per failure code the ingestion records on a message (messages.reason_code).
 */

export const REASON_CODES = [
  "NO_DOCUMENT",
  "INVALID_ZIP",
  "LIMIT_EXCEEDED",
  "MALFORMED_XML",
  "UNSUPPORTED_DOCUMENT",
  "WRONG_RECIPIENT_NIT",
  "TEST_ENVIRONMENT",
  "MESSAGE_TOO_LARGE",
  "INVALID_DOCUMENT",
  "INTERNAL",
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

export type ReasonLanguage = "es" | "en";

export const REASONS: Record<ReasonCode, Record<ReasonLanguage, string>> = {
  NO_DOCUMENT: {
    es: "El correo no trae un documento electrónico (ZIP o XML) adjunto.",
    en: "The e-mail carries no electronic document (ZIP or XML) attachment.",
  },
  INVALID_ZIP: {
    es: "El archivo ZIP adjunto está dañado o no se puede abrir.",
    en: "The attached ZIP file is damaged or cannot be opened.",
  },
  LIMIT_EXCEEDED: {
    es: "Los adjuntos superan los límites de tamaño o cantidad de archivos.",
    en: "The attachments exceed the size or file-count limits.",
  },
  MALFORMED_XML: {
    es: "El XML del documento está mal formado.",
    en: "The document's XML is malformed.",
  },
  UNSUPPORTED_DOCUMENT: {
    es: "El XML no es una factura, nota crédito o nota débito electrónica de la DIAN.",
    en: "The XML is not a DIAN electronic invoice, credit note or debit note.",
  },
  WRONG_RECIPIENT_NIT: {
    es: "El documento está dirigido a otro NIT, no al de la empresa.",
    en: "The document is addressed to another NIT, not the company's.",
  },
  TEST_ENVIRONMENT: {
    es: "El documento fue emitido en el ambiente de pruebas de la DIAN.",
    en: "The document was issued in DIAN's test environment.",
  },
  MESSAGE_TOO_LARGE: {
    es: "El correo supera el tamaño máximo permitido.",
    en: "The e-mail exceeds the maximum allowed size.",
  },
  INVALID_DOCUMENT: {
    es: "Al documento le faltan datos obligatorios (CUFE, número, fechas, NIT o totales).",
    en: "The document lacks required data (CUFE, number, dates, NIT or totals).",
  },
  INTERNAL: {
    es: "Ocurrió un error interno al procesar el correo.",
    en: "An internal error occurred while processing the e-mail.",
  },
};

export function isReasonCode(code: string): code is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(code);
}

/** The reason in words; an unknown code reads as the generic internal one, never as blank. */
export function describeReason(
  code: string | null,
  language: ReasonLanguage = "es",
): string | null {
  if (code === null) return null;
  return REASONS[isReasonCode(code) ? code : "INTERNAL"][language];
}
