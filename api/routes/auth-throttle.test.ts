import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_FAILURES, WINDOW_MS } from "./auth-throttle.ts";
import { createApp } from "../app.ts";
import { createApiHarness, type ApiHarness } from "./test-harness.ts";

describe("failed token attempts", () => {
  let h: ApiHarness;
  beforeEach(async () => {
    h = await createApiHarness();
  });
  afterEach(() => h.dispose());

  it("answers 429 after too many failures from one address, even with the right token, until the window passes", async () => {
    const start = new Date("2026-12-01T12:00:00Z");
    h.setNow(start);
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await h.call("GET", "/api/v1/status", undefined, "bz_adivinando")).status).toBe(401);
    }
    const blocked = await h.call("GET", "/api/v1/status");
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).error.code).toBe("RATE_LIMITED");

    h.setNow(new Date(start.getTime() + WINDOW_MS + 1));
    expect((await h.call("GET", "/api/v1/status")).status).toBe(200);
  });

  it("on Workers counts each client by the address Cloudflare's edge sets, not all as one", async () => {
    h.ctx.clientAddressHeader = "cf-connecting-ip";
    const app = createApp(h.ctx);
    const from = (ip: string, token: string) =>
      app.request("/api/v1/status", {
        headers: { authorization: `Bearer ${token}`, "cf-connecting-ip": ip },
      });
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await from("203.0.113.9", "bz_adivinando")).status).toBe(401);
    }
    expect((await from("203.0.113.9", h.token)).status).toBe(429);
    expect((await from("198.51.100.7", h.token)).status).toBe(200);
  });
});
