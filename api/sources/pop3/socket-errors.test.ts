import { describe, expect, it } from "vitest";
import { mapSocketError } from "./socket-errors.ts";

const withCode = (code: string) => Object.assign(new Error(`boom ${code}`), { code });

describe("mapSocketError", () => {
  it.each([
    ["ENOTFOUND", "DNS"],
    ["EAI_AGAIN", "DNS"],
    ["ECONNREFUSED", "CONNECTION"],
    ["ECONNRESET", "CONNECTION"],
    ["EHOSTUNREACH", "CONNECTION"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "TLS"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "TLS"],
    ["CERT_HAS_EXPIRED", "TLS"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "TLS"],
  ])("maps %s to %s, keeping the original as cause", (code, expected) => {
    const original = withCode(code);
    const mapped = mapSocketError(original);
    expect(mapped.code).toBe(expected);
    expect(mapped.cause).toBe(original);
    expect(mapped.message).not.toContain("boom");
  });

  it("writes TLS messages in Spanish", () => {
    expect(mapSocketError(withCode("SELF_SIGNED_CERT_IN_CHAIN")).message).toBe(
      "El certificado del servidor no es de confianza.",
    );
    expect(mapSocketError(withCode("CERT_HAS_EXPIRED")).message).toBe(
      "El certificado del servidor está vencido.",
    );
  });
});
