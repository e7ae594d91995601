import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents } from "../db/schema.ts";
import { createApiHarness, type ApiHarness } from "./test-harness.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.dispose());

describe("the app", () => {
  it("answers health without a token", async () => {
    const res = await h.app.request("/api/v1/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: expect.any(String) });
  });

  it("refuses a missing, malformed or unknown token with 401 in Spanish", async () => {
    for (const authorization of [undefined, "Basic abc", "Bearer bz_unknown"]) {
      const headers: Record<string, string> = authorization ? { authorization } : {};
      const res = await h.app.request("/api/v1/company", { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { code: "UNAUTHORIZED", message: "Token ausente o no válido." },
      });
    }
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await h.call("GET", "/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("NOT_FOUND");
  });

  it.each([
    ["PATCH", "/api/v1/company", "GET, HEAD, PUT"],
    ["POST", "/api/v1/documents/7", "GET, HEAD"],
    ["DELETE", "/api/v1/health", "GET, HEAD"],
    ["GET", "/api/v1/reception-config/test", "POST"],
  ])("answers %s %s with 405 and the methods it takes", async (method, path, allow) => {
    const res = await h.call(method, path);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe(allow);
    const { error } = await res.json();
    expect(error.code).toBe("METHOD_NOT_ALLOWED");
    expect(error.message).toContain("Método no permitido");
    expect(error.message).toContain(allow.replace(/, (\w+)$/, " o $1"));
  });

  it("logs one line per request without query string or token", async () => {
    const res = await h.call("GET", "/api/v1/messages?status=failed&q=proveedor@correo.co");
    const requestId = res.headers.get("x-request-id");
    const line = h.logLines.map((l) => JSON.parse(l)).find((l) => l.requestId === requestId);

    expect(line).toMatchObject({ method: "GET", path: "/api/v1/messages", status: 200 });
    expect(line.ms).toEqual(expect.any(Number));
    const all = h.logLines.join("");
    expect(all).not.toContain("proveedor@correo.co");
    expect(all).not.toContain(h.token);
  });

  it("answers a broken JSON body with INVALID_JSON", async () => {
    const res = await h.app.request("/api/v1/company", {
      method: "PUT",
      headers: { authorization: `Bearer ${h.token}`, "content-type": "application/json" },
      body: "{nope",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues[0].code).toBe("INVALID_JSON");
  });

  it("refuses bodies over the limit with LIMIT", async () => {
    const res = await h.call("PUT", "/api/v1/reception-config", { tlsCa: "x".repeat(300_000) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("LIMIT");
  });

  it("keeps internals out of a 500", async () => {
    const [row] = await h.ctx.db
      .insert(documents)
      .values({
        companyId: h.companyId,
        messageId: 1,
        cufe: "c".repeat(96),
        kind: "invoice",
        typeCode: "01",
        number: "SETP1",
        issueDate: "2026-01-01",
        supplierNit: "800197268",
        customerNit: "900000000",
        currency: "COP",
        payableAmount: "1.00",
        details: "{not json: SQLITE secret",
        xmlBlob: "0".repeat(64),
      })
      .returning({ id: documents.id });
    const res = await h.call("GET", `/api/v1/documents/${row!.id}`);

    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: { code: "INTERNAL", message: "Ocurrió un error interno." },
    });
  });
});
