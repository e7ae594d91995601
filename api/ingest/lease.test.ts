import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/client.ts";
import { LEASE_MS } from "../lib/limits.ts";
import { acquireLease, releaseLease, renewLease } from "./lease.ts";

describe("mailbox lease", () => {
  let dir: string;
  let first: Database;
  let second: Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "buzon-lease-"));
    // Two clients on one file stand for two processes sharing the database.
    first = await openDatabase(`file:${join(dir, "db.sqlite")}`);
    second = await openDatabase(`file:${join(dir, "db.sqlite")}`);
  });

  afterEach(() => {
    first.close();
    second.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lets only one holder take a mailbox at a time", async () => {
    const now = Date.now();
    expect(await acquireLease(first.db, 1, "a", now)).toBe(true);
    expect(await acquireLease(second.db, 1, "b", now + 1)).toBe(false);
    expect(await acquireLease(second.db, 2, "b", now + 1)).toBe(true);
  });

  it("frees the mailbox when the holder releases it", async () => {
    const now = Date.now();
    await acquireLease(first.db, 1, "a", now);
    await releaseLease(first.db, 1, "a");
    expect(await acquireLease(second.db, 1, "b", now)).toBe(true);
  });

  it("lets another holder take an expired lease, and the old holder can no longer renew", async () => {
    const now = Date.now();
    await acquireLease(first.db, 1, "a", now);
    expect(await acquireLease(second.db, 1, "b", now + LEASE_MS + 1)).toBe(true);
    expect(await renewLease(first.db, 1, "a", now + LEASE_MS + 2)).toBe(false);
    expect(await renewLease(second.db, 1, "b", now + LEASE_MS + 2)).toBe(true);
  });

  it("gives exactly one winner when many holders race", async () => {
    const now = Date.now();
    const attempts = Array.from({ length: 20 }, (_, i) =>
      acquireLease((i % 2 ? first : second).db, 7, `h${i}`, now),
    );
    const results = await Promise.all(attempts);
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
