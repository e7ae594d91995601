/**
 * Failed token checks are counted per client address: past MAX_FAILURES within WINDOW_MS the
 * address gets 429 until the window passes, so a token cannot be guessed at network speed. The
 * table is bounded: the oldest addresses are forgotten first.
 */
import type { Context } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";

export const MAX_FAILURES = 20;
export const WINDOW_MS = 5 * 60_000;
/** Addresses remembered at once; an attacker rotating addresses cannot grow memory past this. */
const MAX_ADDRESSES = 10_000;

interface Entry {
  failures: number;
  since: number;
}

export class AuthThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  isBlocked(address: string): boolean {
    const entry = this.current(address);
    return entry !== null && entry.failures >= MAX_FAILURES;
  }

  recordFailure(address: string): void {
    const entry = this.current(address) ?? { failures: 0, since: this.now() };
    entry.failures += 1;
    this.entries.delete(address);
    this.entries.set(address, entry);
    if (this.entries.size > MAX_ADDRESSES) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  private current(address: string): Entry | null {
    const entry = this.entries.get(address);
    if (!entry) return null;
    if (this.now() - entry.since > WINDOW_MS) {
      this.entries.delete(address);
      return null;
    }
    return entry;
  }
}

/**
 * The client's address: on Workers the header the platform sets (`CF-Connecting-IP`, which
 * Cloudflare's edge overwrites, so a client cannot choose it); on the Node host the socket's peer
 * (a header there would be the client's own word). In-process requests (tests) have none.
 */
export function clientAddress(c: Context, trustedHeader?: string): string {
  if (trustedHeader) return c.req.header(trustedHeader) ?? "unknown";
  try {
    return getConnInfo(c).remote.address ?? "local";
  } catch {
    return "local";
  }
}
