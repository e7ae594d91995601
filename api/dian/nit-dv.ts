/** DIAN's weights for the NIT check digit, applied from the rightmost digit (NOTES §2.3). */
const WEIGHTS = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];

/**
 * The check digit (DV) of a NIT or cédula, or null when the id is not 1–15 digits. Dots, spaces
 * and a dash-less DV are not stripped: pass the number as DIAN writes it in cbc:CompanyID.
 */
export function computeNitDv(nit: string): string | null {
  const digits = nit.trim();
  if (!/^\d{1,15}$/.test(digits)) return null;

  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    sum += Number(digits[digits.length - 1 - i]) * (WEIGHTS[i] ?? 0);
  }

  const remainder = sum % 11;
  return String(remainder < 2 ? remainder : 11 - remainder);
}
