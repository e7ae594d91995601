import { Unzip, UnzipInflate, type UnzipFile } from "fflate";
import { MAX_ZIP_ENTRIES } from "../lib/limits.ts";
import type { ReadBudget } from "./read-budget.ts";
import { DianReadError } from "./read-error.ts";
import type { FailureReason } from "./types.ts";
import { checkInflation, isUnsafeName, readEndRecord, ZIP64_ENTRIES } from "./zip-checks.ts";

export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

export interface UnzipResult {
  entries: ZipEntry[];
  /** Entries skipped without spoiling the rest (unsafe names, unknown compression). */
  skipped: { reason: FailureReason; detail: string }[];
}

/**
 * Inflates a ZIP entry by entry, counting the bytes that really come out: declared sizes are
 * written by the sender and lie in a zip bomb. Over a limit the whole ZIP is refused
 * (LIMIT_EXCEEDED); a truncated or corrupt one is INVALID_ZIP.
 */
export function unzipSafely(zip: Uint8Array, budget: ReadBudget): UnzipResult {
  const declaredEntries = readEndRecord(zip);
  if (declaredEntries === null)
    throw new DianReadError("INVALID_ZIP", "ZIP is truncated (no end of central directory)");

  const result: UnzipResult = { entries: [], skipped: [] };
  const pending = new Set<string>();
  let problem: DianReadError | null = null;
  let count = 0;

  const unzip = new Unzip((file) => {
    if (problem) return;
    if (++count > MAX_ZIP_ENTRIES) {
      problem = new DianReadError("LIMIT_EXCEEDED", `ZIP has more than ${MAX_ZIP_ENTRIES} entries`);
      return;
    }
    if (file.name.endsWith("/")) return;
    if (isUnsafeName(file.name)) {
      result.skipped.push({
        reason: "INVALID_ZIP",
        detail: `unsafe ZIP entry name skipped: ${file.name}`,
      });
      return;
    }
    pending.add(file.name);
    readEntry(file, zip.length, budget, {
      done: (bytes) => {
        pending.delete(file.name);
        result.entries.push({ name: file.name, bytes });
      },
      fail: (error) => {
        pending.delete(file.name);
        if (error.reason === "LIMIT_EXCEEDED") problem = error;
        else result.skipped.push({ reason: error.reason, detail: error.message });
      },
    });
  });
  unzip.register(UnzipInflate);

  try {
    unzip.push(zip, true);
  } catch (cause) {
    problem ??= new DianReadError("INVALID_ZIP", "ZIP data is corrupt", { cause });
  }
  if (problem) throw problem;
  if (pending.size > 0)
    throw new DianReadError("INVALID_ZIP", `ZIP entry ${[...pending][0]} is incomplete`);
  // Entries lost in a damaged middle leave the stream short of what the directory lists.
  if (declaredEntries !== ZIP64_ENTRIES && count !== declaredEntries) {
    throw new DianReadError(
      "INVALID_ZIP",
      `ZIP lists ${declaredEntries} entries but holds ${count}`,
    );
  }
  return result;
}

interface EntryCallbacks {
  done: (bytes: Uint8Array) => void;
  fail: (error: DianReadError) => void;
}

function readEntry(
  file: UnzipFile,
  zipLength: number,
  budget: ReadBudget,
  callbacks: EntryCallbacks,
): void {
  const chunks: Uint8Array[] = [];
  // A header may claim any compressed size; never credit more than the archive itself holds.
  const compressed = Math.min(file.size || zipLength, zipLength);
  let inflated = 0;

  file.ondata = (error, chunk, final) => {
    if (error) {
      const detail = `ZIP entry ${file.name} is unreadable: ${error.message}`;
      return callbacks.fail(new DianReadError("INVALID_ZIP", detail));
    }
    inflated += chunk.length;
    const exceeded = checkInflation(
      file.name,
      { inflated, compressed, added: chunk.length },
      budget,
    );
    if (exceeded) {
      file.terminate();
      return callbacks.fail(exceeded);
    }
    chunks.push(chunk);
    if (final) callbacks.done(concat(chunks, inflated));
  };

  try {
    file.start();
  } catch (cause) {
    callbacks.fail(
      new DianReadError("INVALID_ZIP", `ZIP entry ${file.name} uses an unsupported compression`, {
        cause,
      }),
    );
  }
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
