/**
 * The Worker's entry when it cannot start: every request says why, naming the variable and never
 * its value. (The working Worker is tested end to end in test/workers under wrangler dev.)
 */
import { describe, expect, it } from "vitest";
import worker from "../worker.ts";
import type { WorkerEnv } from "./bindings.ts";

const bindings = { BLOBS: {}, INGEST_QUEUE: {} } as unknown as WorkerEnv;
const health = () => new Request("https://buzon.example/api/v1/health");

describe("a Worker that cannot start", () => {
  it("names a missing database URL: there is no disk for a file database", async () => {
    const res = await worker.fetch(health(), { ...bindings, BUZON_SECRET_KEY: "a".repeat(64) });
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error).toMatchObject({
      code: "CONFIG",
      details: { variable: "BUZON_DATABASE_URL" },
    });
    expect(body.error.message).toMatch(/libsql/);
  });

  it("names a bad secret key without echoing it", async () => {
    const key = "no-es-una-clave-valida";
    const res = await worker.fetch(health(), {
      ...bindings,
      BUZON_DATABASE_URL: "http://127.0.0.1:9",
      BUZON_SECRET_KEY: key,
    });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text).error.details.variable).toBe("BUZON_SECRET_KEY");
    expect(text).not.toContain(key);
  });

  it("requires the secret key on Workers (no data folder to keep a generated one)", async () => {
    const res = await worker.fetch(health(), {
      ...bindings,
      BUZON_DATABASE_URL: "http://127.0.0.1:9",
    });
    expect((await res.json()).error.details.variable).toBe("BUZON_SECRET_KEY");
  });
});
