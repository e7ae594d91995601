import type { SubjectHint } from "./types.ts";

/** Reply and forward markers mail clients put in front (Spanish RV:, English RE:/FW:/FWD:). */
const REPLY_PREFIXES = /^(?:\s*(?:re|rv|fw|fwd)\s*:)+/i;

/**
 * Reads the six `;`-separated fields of a DIAN e-mail subject (NOTES §1): NIT; name; number;
 * type code; trade name; optional business line. Returns null when the subject does not look like
 * one (fewer than five fields, no NIT digits, no numeric type code).
 */
export function parseSubject(subject: string | null | undefined): SubjectHint | null {
  if (!subject) return null;

  const unfolded = subject.replace(/\s+/g, " ").replace(REPLY_PREFIXES, "").trim();
  const fields = unfolded.split(";").map((field) => field.trim());
  if (fields.at(-1) === "") fields.pop();
  if (fields.length < 5 || fields.length > 6) return null;

  const [nitField = "", supplierName, documentNumber, typeField = "", tradeName, businessLine] =
    fields;
  const supplierNit = readNit(nitField);
  const typeCode = /^\d{1,3}$/.test(typeField) ? typeField.padStart(2, "0") : null;
  if (!supplierNit || !typeCode || !documentNumber) return null;

  return {
    supplierNit,
    supplierName: supplierName || null,
    documentNumber: documentNumber.replace(/\s+/g, ""),
    typeCode,
    tradeName: tradeName || null,
    businessLine: businessLine || null,
  };
}

/** The leading digits of field 1; senders add dots, a `-DV` or words (NOTES §3). */
function readNit(field: string): string | null {
  const digits = /\d[\d.]*/.exec(field)?.[0].replace(/\./g, "");
  return digits ? digits : null;
}
