import type { Outcome } from "./process-message.ts";

/** Counts of one run, as the API reports them. */
export class Tally {
  fetched = 0;
  processed = 0;
  failed = 0;
  duplicates = 0;
  events = 0;
  settled = 0;
  pending = 0;
  readonly notes: string[] = [];

  count(outcome: Outcome): void {
    if (outcome === "processed") this.processed += 1;
    else if (outcome === "failed") this.failed += 1;
    else if (outcome === "duplicate") this.duplicates += 1;
    else this.events += 1;
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }
}

/** Points where a run can be observed (and, in crash tests, killed). */
export type RunStep = "stored" | "moved" | "forwarded" | "deleted" | "quit";

export interface RunHooks {
  afterStep?(step: RunStep, detail: { messageIds: number[] }): void | Promise<void>;
}
