import type { FailureReason } from "./types.ts";

/**
 * Why one file could not be read. Thrown inside the DIAN reader and caught at the file boundary,
 * where it becomes a warning or the message's failure; it never leaves `extractMessage`.
 */
export class DianReadError extends Error {
  readonly reason: FailureReason;

  constructor(reason: FailureReason, detail: string, options?: { cause?: unknown }) {
    super(detail, options);
    this.name = "DianReadError";
    this.reason = reason;
  }
}

/** Turns anything caught while reading one file into a reason and a detail. */
export function describeProblem(error: unknown): { reason: FailureReason; detail: string } {
  if (error instanceof DianReadError) return { reason: error.reason, detail: error.message };
  throw error;
}
