import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness } from "./test-harness.ts";

const PASSWORD = "Guardada-123!";
const form = {
  serverType: "basic",
  protocol: "pop3",
  host: "pop.empresa.co",
  port: 995,
  security: "ssl",
  username: "recepcion@empresa.co",
  password: PASSWORD,
  passwordConfirmation: PASSWORD,
  backupEmail: "respaldo@empresa.co",
};
const { password: _p, passwordConfirmation: _c, ...withoutPassword } = form;

describe("a saved password stays with its server", () => {
  let h: ApiHarness;
  beforeEach(async () => {
    h = await createApiHarness();
    expect((await h.call("PUT", "/api/v1/reception-config", form)).status).toBe(201);
  });
  afterEach(() => h.dispose());

  it.each([
    ["host", "«Servidor»", { host: "servidor-del-atacante.example" }],
    ["port", "«Puerto»", { port: 110 }],
    ["username", "«Usuario»", { username: "otro@empresa.co" }],
    ["security", "«Protocolo de Seguridad»", { security: "none" }],
    [
      "tlsCa",
      "«",
      { tlsCa: `-----BEGIN CERTIFICATE-----\n${"QUJD".repeat(20)}\n-----END CERTIFICATE-----` },
    ],
  ])(
    "asks for the password again when %s changes, naming the field",
    async (field, label, change) => {
      for (const path of ["/api/v1/reception-config", "/api/v1/reception-config/test"]) {
        const method = path.endsWith("test") ? "POST" : "PUT";
        const res = await h.call(method, path, { ...withoutPassword, ...change });
        expect(res.status, path).toBe(400);
        const body = await res.json();
        const issue = body.error.issues.find((i: { path: string }) => i.path === "password");
        expect(issue?.code ?? body.error.issues, `${path} ${field}`).toBe(
          "PASSWORD_REQUIRED_FOR_CHANGE",
        );
        // The form's own labels, not the API's field names.
        expect(issue.message).toContain(label);
        expect(issue.message).not.toContain(`(${field})`);
      }
    },
  );

  it("keeps the saved password when only other fields change", async () => {
    const res = await h.call("PUT", "/api/v1/reception-config", {
      ...withoutPassword,
      security: "ssl",
      backupEmail: "otro-respaldo@empresa.co",
    });
    expect(res.status).toBe(200);
  });

  it("accepts a change of server together with a password", async () => {
    const res = await h.call("PUT", "/api/v1/reception-config", {
      ...form,
      host: "pop2.empresa.co",
    });
    expect(res.status).toBe(200);
  });
});
