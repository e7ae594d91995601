import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness } from "./test-harness.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.dispose());

describe("company", () => {
  it("starts without name or NIT", async () => {
    const res = await h.call("GET", "/api/v1/company");
    expect(await res.json()).toEqual({ name: null, nit: null, dv: null });
  });

  it("stores the NIT's digits and computes the DV", async () => {
    const res = await h.call("PUT", "/api/v1/company", {
      name: "Empresa S.A.S.",
      nit: "890.901.876-0",
    });
    expect(await res.json()).toEqual({ name: "Empresa S.A.S.", nit: "890901876", dv: "0" });
    expect(await (await h.call("GET", "/api/v1/company")).json()).toMatchObject({ dv: "0" });
  });

  it("refuses a wrong DV and a missing name, naming each field", async () => {
    const res = await h.call("PUT", "/api/v1/company", { name: "", nit: "830034343-1" });
    expect(res.status).toBe(400);
    const { issues } = (await res.json()).error;
    expect(issues.map((i: { path: string; code: string }) => `${i.path}:${i.code}`)).toEqual([
      "name:REQUIRED",
      "nit:INVALID_CHECK_DIGIT",
    ]);
  });

  it("shows each company only its own data", async () => {
    const other = await h.addCompany();
    const res = await h.call("GET", "/api/v1/company", undefined, other.token);
    expect(await res.json()).toEqual({ name: null, nit: null, dv: null });
  });
});
