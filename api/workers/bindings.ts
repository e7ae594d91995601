/**
 * The few Cloudflare Workers runtime shapes Buzón uses, declared here so the rest of the project
 * keeps Node's and the DOM's types (the full @cloudflare/workers-types would replace them).
 */

export interface R2ObjectBody {
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface R2Bucket {
  head(key: string): Promise<object | null>;
  get(key: string): Promise<R2ObjectBody | null>;
  put(key: string, value: Uint8Array | ArrayBuffer): Promise<unknown>;
}

export interface Queue<Body> {
  send(body: Body): Promise<void>;
  sendBatch(messages: { body: Body }[]): Promise<void>;
}

export interface QueueMessage<Body> {
  readonly id: string;
  readonly body: Body;
  readonly attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

export interface MessageBatch<Body> {
  readonly queue: string;
  readonly messages: readonly QueueMessage<Body>[];
}

export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

export interface ScheduledController {
  readonly scheduledTime: number;
  readonly cron: string;
}

/** One queued job: ingest this company's mailbox. */
export interface IngestJob {
  companyId: number;
}

/** What wrangler.toml binds, plus the BUZON_* variables and secrets (strings, as on Node). */
export interface WorkerEnv {
  BLOBS: R2Bucket;
  INGEST_QUEUE: Queue<IngestJob>;
  [variable: string]: unknown;
}
