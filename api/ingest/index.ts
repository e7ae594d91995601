export { runIngestion } from "./run.ts";
export { testConnection } from "./test-connection.ts";
export { startScheduler, runDueMailboxes } from "./scheduler.ts";
export type * from "./types.ts";
export type { RunHooks, RunStep } from "./tally.ts";
export { retryMessage, type RetryResult } from "./retry.ts";
