import { Writable } from "node:stream";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createLogger } from "../lib/logger.ts";
import { createErrorHandler } from "./error-handler.ts";
import type { AppEnv } from "./env.ts";

describe("the error handler", () => {
  it("logs an unexpected error without the bound values a failed query carries", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = new Hono<AppEnv>();
    app.onError(createErrorHandler(createLogger("info", sink)));
    app.get("/boom", () => {
      // As drizzle words it: the statement, then the values bound to it.
      const cause = Object.assign(new Error("SQLITE_CONSTRAINT: UNIQUE failed"), {
        code: "SQLITE_CONSTRAINT",
      });
      throw Object.assign(
        new Error(
          'Failed query: insert into "mailboxes" ("username", "password_enc") values (?, ?)\n' +
            "params: facturas@empresa.co,v1.sealed-secret-bytes",
        ),
        { name: "DrizzleQueryError", cause },
      );
    });

    const res = await app.request("/boom");
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: { code: "INTERNAL", message: expect.any(String) },
    });
    const logged = lines.join("");
    expect(logged).toContain("Failed query: insert into");
    expect(logged).toContain("SQLITE_CONSTRAINT");
    expect(logged).not.toContain("sealed-secret-bytes");
    expect(logged).not.toContain("facturas@empresa.co");
  });
});
