import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildZip } from "../../test/fixtures/index.ts";
import { MAX_ZIP_ENTRY_BYTES } from "../lib/limits.ts";
import { createBudget } from "./read-budget.ts";
import { DianReadError } from "./read-error.ts";
import { unzipSafely } from "./safe-unzip.ts";

function reasonOf(action: () => unknown): string | null {
  try {
    action();
    return null;
  } catch (error) {
    return error instanceof DianReadError ? error.reason : "THREW";
  }
}

describe("unzipSafely", () => {
  it("returns every entry with its inflated bytes", () => {
    const zip = buildZip([
      { name: "a.xml", bytes: "<a/>" },
      { name: "dir/b.pdf", bytes: "%PDF-1.4" },
    ]);
    const { entries, skipped } = unzipSafely(zip, createBudget());
    expect(entries.map((entry) => [entry.name, new TextDecoder().decode(entry.bytes)])).toEqual([
      ["a.xml", "<a/>"],
      ["dir/b.pdf", "%PDF-1.4"],
    ]);
    expect(skipped).toEqual([]);
  });

  it("refuses an entry that inflates past MAX_ZIP_ENTRY_BYTES even at an honest ratio", () => {
    const zip = buildZip([{ name: "big.pdf", bytes: new Uint8Array(MAX_ZIP_ENTRY_BYTES + 1) }], {
      level: 0,
    });
    expect(reasonOf(() => unzipSafely(zip, createBudget()))).toBe("LIMIT_EXCEEDED");
  });

  it("refuses ZIPs that together inflate past the message's budget", () => {
    const budget = { ...createBudget(), maxUnzippedBytes: 1000 };
    const zip = buildZip([{ name: "a.xml", bytes: "x".repeat(600) }], { level: 0 });
    expect(reasonOf(() => unzipSafely(zip, budget))).toBeNull();
    expect(reasonOf(() => unzipSafely(zip, budget))).toBe("LIMIT_EXCEEDED");
  });

  it.each(["../a.xml", "x/../../a.xml", "/etc/a.xml", "C:\\a.xml", "..\\a.xml"])(
    "skips the unsafe entry name %s",
    (name) => {
      const { entries, skipped } = unzipSafely(
        buildZip([
          { name, bytes: "<a/>" },
          { name: "ok.xml", bytes: "<b/>" },
        ]),
        createBudget(),
      );
      expect(entries.map((entry) => entry.name)).toEqual(["ok.xml"]);
      expect(skipped[0]?.reason).toBe("INVALID_ZIP");
    },
  );

  it("refuses data that only starts like a ZIP", () => {
    expect(
      reasonOf(() =>
        unzipSafely(new TextEncoder().encode("PK\u0003\u0004garbage"), createBudget()),
      ),
    ).toBe("INVALID_ZIP");
  });

  it("refuses a ZIP cut in the middle whose end record survives", () => {
    const noise = new Uint8Array(randomBytes(5000));
    const zip = buildZip([
      { name: "a.xml", bytes: "<a/>".repeat(1000) },
      { name: "b.pdf", bytes: noise },
    ]);
    const damaged = new Uint8Array([...zip.subarray(0, 2000), ...zip.subarray(zip.length - 22)]);
    expect(reasonOf(() => unzipSafely(damaged, createBudget()))).toBe("INVALID_ZIP");
  });

  it("refuses a ZIP that holds fewer entries than its directory lists", () => {
    const zip = buildZip([{ name: "a.xml", bytes: "<a/>" }]);
    const lying = zip.slice();
    lying[lying.length - 12] = 2;
    expect(reasonOf(() => unzipSafely(lying, createBudget()))).toBe("INVALID_ZIP");
  });
});
