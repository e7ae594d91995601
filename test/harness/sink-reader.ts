import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import type { SinkEnvelope } from "./smtp-sink.ts";

export interface SinkMessage {
  envelope: SinkEnvelope;
  raw: Uint8Array;
}

export interface SinkFilter {
  /** Keep only messages whose envelope recipients include this address (any case). */
  to?: string;
}

const REFUSAL_MARK = /^(refuse|tempfail)-/;

/**
 * Messages the SMTP sink accepted so far, in arrival order. The sink writes `<n>.json` last, so
 * listing the JSON files sees only complete messages.
 */
export function readSink(filter: SinkFilter = {}): SinkMessage[] {
  const dir = inject("mailServers").sinkDir;
  const numbers = readdirSync(dir)
    .filter((name) => /^\d+\.json$/.test(name))
    .map((name) => Number.parseInt(name, 10))
    .sort((a, b) => a - b);

  const messages = numbers.map((n) => ({
    envelope: JSON.parse(readFileSync(join(dir, `${n}.json`), "utf8")) as SinkEnvelope,
    raw: new Uint8Array(readFileSync(join(dir, `${n}.eml`))),
  }));
  const to = filter.to?.toLowerCase();
  if (!to) return messages;
  return messages.filter((m) => m.envelope.rcptTo.some((r) => r.toLowerCase() === to));
}

/** Polls the sink until at least `count` matching messages arrived; rejects after `timeoutMs`. */
export async function waitForSink(
  count: number,
  filter: SinkFilter = {},
  timeoutMs = 10_000,
): Promise<SinkMessage[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = readSink(filter);
    if (messages.length >= count) return messages;
    if (Date.now() > deadline) {
      const held = `${messages.length} of ${count}`;
      throw new Error(`SMTP sink holds ${held} messages after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** From now on the sink answers 550 (permanent) or 451 (temporary) to RCPT TO for `address`. */
export function refuseRecipient(address: string, kind: "permanent" | "temporary"): void {
  if (address.includes("/")) throw new Error(`Not a usable address for a refusal: ${address}`);
  const prefix = kind === "permanent" ? "refuse" : "tempfail";
  writeFileSync(join(inject("mailServers").sinkDir, `${prefix}-${address.toLowerCase()}`), "");
}

/**
 * Removes every refusal mark. The sink is shared by all test files of the run, so prefer refusing
 * addresses of users the test created itself over clearing other files' marks.
 */
export function clearRefusals(): void {
  const dir = inject("mailServers").sinkDir;
  for (const name of readdirSync(dir).filter((n) => REFUSAL_MARK.test(n))) {
    rmSync(join(dir, name), { force: true });
  }
}
