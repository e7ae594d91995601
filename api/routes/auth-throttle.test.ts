import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_FAILURES, WINDOW_MS } from "./auth-throttle.ts";
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
});
