/**
 * NIT check digit (dígito de verificación, DV) as DIAN computes it: NOTES §2.3. Natural persons'
 * cédulas use the same rule. Pure: the API, the ingestion and the extension share it.
 */

/** DIAN's weights, applied from the rightmost digit leftwards. */
const WEIGHTS = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71] as const;

/** Longest identification the weights cover. */
export const MAX_NIT_DIGITS = WEIGHTS.length;

/** The DV of a NIT written as digits only; null when it is not 1–15 digits. */
export function computeNitDv(nit: string): string | null {
  if (!/^\d{1,15}$/.test(nit)) return null;

  let sum = 0;
  for (let i = 0; i < nit.length; i++) {
    sum += Number(nit[nit.length - 1 - i]) * WEIGHTS[i]!;
  }

  const remainder = sum % 11;
  return String(remainder <= 1 ? remainder : 11 - remainder);
}

/**
 * Splits what a person types ("800.197.268-4", "800197268") into digits and the
 * declared DV; null when the text is not a NIT.
 */
export function parseNit(text: string): { nit: string; dv: string | null } | null {
  const match = /^(\d[\d.\s]*?)(?:\s*-\s*(\d))?$/.exec(text.trim());
  if (!match) return null;

  const nit = match[1]!.replace(/[.\s]/g, "");
  if (nit.length > MAX_NIT_DIGITS) return null;
  return { nit, dv: match[2] ?? null };
}
