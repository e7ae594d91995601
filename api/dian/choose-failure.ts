import type { FailureReason } from "./types.ts";

/**
 * When nothing usable came out, the most specific problem names the failure: a limit or a broken
 * ZIP explains more than "not a DIAN document", which explains more than "nothing found".
 */
const SPECIFICITY: FailureReason[] = [
  "LIMIT_EXCEEDED",
  "INVALID_ZIP",
  "MALFORMED_XML",
  "INVALID_DOCUMENT",
  "UNSUPPORTED_DOCUMENT",
];

export function chooseFailure(warnings: { reason: FailureReason; detail: string }[]): {
  reason: FailureReason;
  detail: string;
} {
  for (const reason of SPECIFICITY) {
    const warning = warnings.find((candidate) => candidate.reason === reason);
    if (warning) return warning;
  }
  return {
    reason: "NO_DOCUMENT",
    detail: warnings[0]?.detail ?? "no DIAN document or event in the message",
  };
}
