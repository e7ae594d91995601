/**
 * Many small mailboxes in one host: the scheduler's pass (runDueMailboxes, its own concurrency)
 * against the same mailboxes taken one after another, each on its own copy of the e-mails.
 */
import { rmSync } from "node:fs";
import { fillMailboxes } from "./fill.ts";
import { ingestInChild, type IngestResult } from "./ingest.ts";
import type { BenchServers } from "./mail-servers.ts";

export interface ManyResult {
  mailboxes: number;
  perMailbox: number;
  fillMs: number;
  together: Omit<IngestResult, "dir" | "secretKey">;
  oneByOne: Omit<IngestResult, "dir" | "secretKey">;
  /** together.ms / oneByOne.ms: the target is under 0.25. */
  ratio: number;
}

function strip({ dir, secretKey: _key, ...rest }: IngestResult) {
  rmSync(dir, { recursive: true, force: true });
  return rest;
}

export async function measureManyMailboxes(
  servers: BenchServers,
  mailboxes: number,
  perMailbox: number,
): Promise<ManyResult> {
  const names = (set: string) => Array.from({ length: mailboxes }, (_, i) => `many-${set}-${i}`);
  const [a, b] = [names("a"), names("b")];
  // Each e-mail goes to one "a" and one "b" mailbox; generating per mailbox keeps CUFEs apart.
  let fillMs = 0;
  for (let i = 0; i < mailboxes; i += 1) {
    fillMs += (await fillMailboxes(servers, [a[i]!, b[i]!], perMailbox)).ms;
  }
  const box = (user: string) => ({ user, password: `pw-${user}` });
  const port = servers.imapsPort;
  const together = await ingestInChild(servers, {
    protocol: "imap",
    port,
    users: a.map(box),
    mode: "scheduler",
  });
  const oneByOne = await ingestInChild(servers, {
    protocol: "imap",
    port,
    users: b.map(box),
    mode: "sequential",
  });
  return {
    mailboxes,
    perMailbox,
    fillMs,
    together: strip(together),
    oneByOne: strip(oneByOne),
    ratio: together.ms / oneByOne.ms,
  };
}
