import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness } from "./test-harness.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.dispose());

async function preflight(origin: string) {
  return h.app.request("/api/v1/status", {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "GET",
      "access-control-request-headers": "authorization",
    },
  });
}

describe("CORS", () => {
  it.each([
    "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
    "moz-extension://1b2c3d4e-0000-4000-8000-000000000000",
  ])("allows the extension origin %s", async (origin) => {
    const res = await preflight(origin);
    expect(res.headers.get("access-control-allow-origin")).toBe(origin);
  });

  it.each(["https://evil.example", "http://127.0.0.1:8787", "null"])(
    "gives %s no CORS headers",
    async (origin) => {
      const res = await preflight(origin);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      const get = await h.app.request("/api/v1/health", { headers: { origin } });
      expect(get.headers.get("access-control-allow-origin")).toBeNull();
    },
  );
});
