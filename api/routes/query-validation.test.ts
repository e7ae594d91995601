import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness } from "./test-harness.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.dispose());

async function issueOf(path: string) {
  const res = await h.call("GET", path);
  expect(res.status, path).toBe(400);
  const body = await res.json();
  return body.error.issues[0] as { path: string; code: string; message: string };
}

describe("query parameters", () => {
  it.each([
    ["/api/v1/documents?from=2027-02-30", "from", "INVALID_DATE"],
    ["/api/v1/documents?from=2027-03-01&to=2027-02-01", "from", "INVALID_RANGE"],
    ["/api/v1/documents?page=0x10", "page", "INVALID_NUMBER"],
    ["/api/v1/documents?pageSize=1e2", "pageSize", "INVALID_NUMBER"],
    ["/api/v1/documents?q=a&q=b", "q", "INVALID_TYPE"],
    ["/api/v1/messages?page=1&page=2", "page", "INVALID_TYPE"],
  ])("refuses %s with a coded Spanish issue", async (path, field, code) => {
    const issue = await issueOf(path);
    expect(issue).toMatchObject({ path: field, code });
    expect(issue.message).not.toMatch(/Invalid input|expected/);
  });
});

describe("a stored secret the current key cannot open", () => {
  it("answers 500 with a Spanish explanation and no internals", async () => {
    const password = "Clave-Vieja-1!";
    const form = {
      serverType: "basic",
      protocol: "imap",
      host: "imap.empresa.co",
      port: 993,
      security: "ssl",
      username: "recepcion@empresa.co",
      password,
      passwordConfirmation: password,
    };
    expect((await h.call("PUT", "/api/v1/reception-config", form)).status).toBe(201);
    const { createSecretBox } = await import("../security/secrets.ts");
    h.ctx.secrets = await createSecretBox(crypto.getRandomValues(new Uint8Array(32)));

    const res = await h.call("POST", "/api/v1/reception-config/test");

    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error.message).toMatch(/descifrar/);
    expect(JSON.stringify(body)).not.toMatch(/stack|Error:/);
  });
});
