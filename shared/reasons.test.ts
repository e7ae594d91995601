import { describe, expect, it } from "vitest";
import { REASON_CODES, REASONS, describeReason } from "./reasons.ts";

describe("describeReason", () => {
  it("has a Spanish and an English reason for every failure code", () => {
    for (const code of REASON_CODES) {
      expect(REASONS[code].es).not.toBe("");
      expect(REASONS[code].en).not.toBe("");
    }
  });

  it("answers Spanish by default and English on request", () => {
    expect(describeReason("WRONG_RECIPIENT_NIT")).toMatch(/otro NIT/);
    expect(describeReason("WRONG_RECIPIENT_NIT", "en")).toMatch(/another NIT/);
  });

  it("reads an unknown code as the internal reason and null as null", () => {
    expect(describeReason("SOMETHING_NEW")).toBe(REASONS.INTERNAL.es);
    expect(describeReason(null)).toBeNull();
  });
});
