import { describe, expect, it } from "vitest";
import { batchesOf, fitTogether } from "./batches.ts";

const MB = 1024 * 1024;
const sized = (...sizes: number[]) => sizes.map((size, uid) => ({ uid, size }));

describe("batches of e-mails", () => {
  it("cuts at 50 e-mails or 16 MB, a larger e-mail making a batch of its own", () => {
    const small = sized(...Array.from({ length: 120 }, () => 60 * 1024));
    expect(batchesOf(small).map((b) => b.length)).toEqual([50, 50, 20]);
    const mixed = sized(2 * MB, 25 * MB, 9 * MB, 9 * MB);
    expect(batchesOf(mixed).map((b) => b.map((e) => e.uid))).toEqual([[0], [1], [2], [3]]);
  });

  it("lets two batches overlap only while both fit within one batch's bytes", () => {
    expect(fitTogether(sized(3 * MB), sized(3 * MB))).toBe(true);
    expect(fitTogether(sized(25 * MB), sized(60 * 1024))).toBe(false);
    expect(fitTogether([], sized(16 * MB))).toBe(true);
  });
});
