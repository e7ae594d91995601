import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness } from "./test-harness.ts";

const PASSWORD = "Clave-Auditada-1!";
const form = {
  serverType: "basic",
  protocol: "imap",
  host: "imap.empresa.co",
  port: 993,
  security: "ssl",
  username: "recepcion@empresa.co",
  password: PASSWORD,
  passwordConfirmation: PASSWORD,
};

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.dispose());

describe("audit list", () => {
  it("records configuration changes by token, newest first, naming fields but never values", async () => {
    await h.call("PUT", "/api/v1/company", { name: "Comprador", nit: "830034343" });
    await h.call("PUT", "/api/v1/reception-config", form);
    await h.call("PUT", "/api/v1/reception-config", { ...form, port: 143, security: "starttls" });
    await h.call("DELETE", "/api/v1/reception-config");

    const res = await h.call("GET", "/api/v1/audit");
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(PASSWORD);
    const { items, total } = JSON.parse(text);
    expect(total).toBe(4);
    expect(items.map((e: { action: string }) => e.action)).toEqual([
      "reception-config.deleted",
      "reception-config.saved",
      "reception-config.saved",
      "company.saved",
    ]);
    expect(items[1].detail.fields.sort()).toEqual(["password", "port", "security"]);
    expect(items[0].actor).toMatch(/^token:\d+$/);
  });

  it("shows another company nothing", async () => {
    const other = await h.addCompany();
    const res = await h.call("GET", "/api/v1/audit", undefined, other.token);
    expect((await res.json()).total).toBe(0);
  });
});
