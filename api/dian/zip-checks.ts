import { MAX_ZIP_ENTRY_BYTES, MAX_ZIP_RATIO, ZIP_RATIO_MIN_BYTES } from "../lib/limits.ts";
import type { ReadBudget } from "./read-budget.ts";
import { DianReadError } from "./read-error.ts";

/** End of central directory record; a ZIP cut short in transit has none. */
const EOCD = [0x50, 0x4b, 0x05, 0x06];

/** ZIP64 archives put 0xFFFF in the record and the real count elsewhere; we do not check those. */
export const ZIP64_ENTRIES = 0xffff;

/** Bytes an entry has produced so far, against what it occupies in the archive. */
export interface Inflation {
  inflated: number;
  compressed: number;
  added: number;
}

/**
 * Charges a chunk to the message's budget and says which limit, if any, it breaks: the entry's
 * size, the message's total, or the compression ratio (counted on real output, never on the
 * sizes the header declares).
 */
export function checkInflation(
  name: string,
  entry: Inflation,
  budget: ReadBudget,
): DianReadError | null {
  budget.unzippedBytes += entry.added;

  if (entry.inflated > MAX_ZIP_ENTRY_BYTES) {
    return new DianReadError(
      "LIMIT_EXCEEDED",
      `ZIP entry ${name} inflates past ${MAX_ZIP_ENTRY_BYTES} bytes`,
    );
  }
  if (budget.unzippedBytes > budget.maxUnzippedBytes) {
    return new DianReadError(
      "LIMIT_EXCEEDED",
      `ZIPs inflate past ${budget.maxUnzippedBytes} bytes`,
    );
  }
  if (entry.inflated > ZIP_RATIO_MIN_BYTES && entry.inflated / entry.compressed > MAX_ZIP_RATIO) {
    return new DianReadError("LIMIT_EXCEEDED", `ZIP entry ${name} inflates over ${MAX_ZIP_RATIO}×`);
  }
  return null;
}

/** `..` segments and absolute paths (`/`, `\\`, `C:`) would escape any folder they land in. */
export function isUnsafeName(name: string): boolean {
  if (/^([/\\]|[A-Za-z]:)/.test(name)) return true;
  return name.split(/[/\\]/).includes("..");
}

/** The entry count of the end of central directory record, or null when there is none. */
export function readEndRecord(zip: Uint8Array): number | null {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (EOCD.every((byte, k) => zip[i + k] === byte)) {
      return (zip[i + 10] ?? 0) | ((zip[i + 11] ?? 0) << 8);
    }
  }
  return null;
}
