import { describe, expect, it } from "vitest";
import { computeNitDv } from "./index.ts";

describe("computeNitDv", () => {
  it.each([
    ["800197268", "4"],
    ["890901876", "0"],
    ["830034343", "9"],
    ["901264265", "6"],
    ["900373979", "1"],
  ])("gives %s the check digit %s", (nit, dv) => {
    expect(computeNitDv(nit)).toBe(dv);
  });

  it("ignores surrounding whitespace", () => {
    expect(computeNitDv(" 800197268\r\n")).toBe("4");
  });

  it("returns null for ids that are not 1 to 15 digits", () => {
    expect(computeNitDv("")).toBeNull();
    expect(computeNitDv("800.197.268")).toBeNull();
    expect(computeNitDv("AB123")).toBeNull();
    expect(computeNitDv("1234567890123456")).toBeNull();
  });
});
