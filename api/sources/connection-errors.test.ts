import { describe, expect, it } from "vitest";
import { toMailError } from "./connection-errors.ts";

describe("mail error classification", () => {
  it.each([
    [{ code: "ENOTFOUND" }, "DNS"],
    [{ code: "ECONNREFUSED" }, "CONNECTION"],
    [{ code: "EConnectionClosed", message: "Connection closed" }, "CONNECTION"],
    [
      { code: "GREETING_TIMEOUT", message: "Failed to receive greeting. Maybe should use TLS?" },
      "TIMEOUT",
    ],
    [
      {
        code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
        message: "unable to verify the first certificate",
      },
      "TLS",
    ],
    [{ code: "ERR_TLS_CERT_ALTNAME_INVALID" }, "TLS"],
    [{ authenticationFailed: true, message: "Invalid credentials (Failure)" }, "AUTH_FAILED"],
    [{ message: "something else" }, "PROTOCOL"],
  ])("reads %o as %s", (error, code) => {
    expect(toMailError(error).code).toBe(code);
  });

  it("keeps the server's words out of the message", () => {
    const error = toMailError({ authenticationFailed: true, message: "user pedro@x.co rejected" });
    expect(error.userMessage).not.toContain("pedro");
    expect(error.cause).toMatchObject({ message: "user pedro@x.co rejected" });
  });
});
