import { MAX_FILES_PER_MESSAGE, MAX_UNZIPPED_BYTES } from "../lib/limits.ts";

/** What one message may still consume, shared by every ZIP and forward inside it. */
export interface ReadBudget {
  unzippedBytes: number;
  maxUnzippedBytes: number;
  files: number;
  maxFiles: number;
}

export function createBudget(): ReadBudget {
  return {
    unzippedBytes: 0,
    maxUnzippedBytes: MAX_UNZIPPED_BYTES,
    files: 0,
    maxFiles: MAX_FILES_PER_MESSAGE,
  };
}
