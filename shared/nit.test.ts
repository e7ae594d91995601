import { describe, expect, it } from "vitest";
import { computeNitDv, parseNit } from "./nit.ts";

describe("computeNitDv", () => {
  it.each([
    ["800197268", "4"],
    ["890901876", "0"],
    ["830034343", "9"],
    ["901264265", "6"],
  ])("computes the DV of %s as %s", (nit, dv) => {
    expect(computeNitDv(nit)).toBe(dv);
  });

  it("flags the wrong DVs found in real data (NOTES §2.3)", () => {
    expect(computeNitDv("900373979")).toBe("1");
    expect(computeNitDv("901369855")).toBe("3");
  });

  it("rejects what is not 1–15 digits", () => {
    expect(computeNitDv("")).toBeNull();
    expect(computeNitDv("80019726A")).toBeNull();
    expect(computeNitDv("1234567890123456")).toBeNull();
  });
});

describe("parseNit", () => {
  it("reads dots, spaces and a declared DV", () => {
    expect(parseNit("800.197.268-4")).toEqual({ nit: "800197268", dv: "4" });
    expect(parseNit(" 800197268 ")).toEqual({ nit: "800197268", dv: null });
    expect(parseNit("800197268 - 4")).toEqual({ nit: "800197268", dv: "4" });
  });

  it("refuses text that is not a NIT", () => {
    expect(parseNit("NIT 800197268")).toBeNull();
    expect(parseNit("-4")).toBeNull();
    expect(parseNit("1234567890123456")).toBeNull();
  });
});
