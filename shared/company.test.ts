import { describe, expect, it } from "vitest";
import { CompanySchema } from "./company.ts";

const codeOf = (input: unknown) =>
  CompanySchema.safeParse(input).error?.issues.map(
    (i) => (i as { params?: { code?: string } }).params?.code,
  );

describe("CompanySchema", () => {
  it("keeps the NIT's digits and checks a declared DV", () => {
    expect(CompanySchema.parse({ name: " DIAN ", nit: "800.197.268-4" })).toEqual({
      name: "DIAN",
      nit: "800197268",
    });
    expect(codeOf({ name: "DIAN", nit: "800197268-5" })).toEqual(["INVALID_CHECK_DIGIT"]);
  });

  it("refuses a missing name and a NIT with letters", () => {
    expect(codeOf({ name: " ", nit: "NIT800" })).toEqual(["REQUIRED", "INVALID_NIT"]);
  });
});
