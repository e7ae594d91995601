/** A runs row as the API shows it. */
import type { runs } from "../db/schema.ts";
import type { RunView } from "../../shared/api-types.ts";

type RunRow = typeof runs.$inferSelect;

export function toRunView(row: RunRow): RunView {
  return {
    id: row.id,
    trigger: row.trigger,
    status: row.status,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    fetched: row.fetched,
    processed: row.processed,
    failed: row.failed,
    duplicates: row.duplicates,
    events: row.events,
    settled: row.settled,
    pending: row.pending,
    ms: row.ms,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    // The ingestion joins its notes with newlines.
    notes: row.notes ? row.notes.split("\n") : [],
  };
}
