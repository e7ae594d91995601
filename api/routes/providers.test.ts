import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness } from "./test-harness.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.dispose());

describe("providers/suggest", () => {
  it("suggests Outlook's servers for an outlook.com address", async () => {
    const res = await h.call(
      "GET",
      "/api/v1/providers/suggest?email=facturas%40outlook.com&protocol=pop3",
    );
    expect(await res.json()).toMatchObject({
      provider: "outlook",
      host: "outlook.office365.com",
      port: 995,
      security: "ssl",
      note: expect.stringContaining("Microsoft"),
    });
  });

  it("answers 404 for an unknown domain and 400 without an address", async () => {
    const unknown = await h.call("GET", "/api/v1/providers/suggest?email=a%40empresa.com.co");
    expect(unknown.status).toBe(404);
    const missing = await h.call("GET", "/api/v1/providers/suggest?protocol=smtp");
    expect(missing.status).toBe(400);
    const paths = (await missing.json()).error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(["email", "protocol"]);
  });
});
