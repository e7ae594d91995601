import { describe, expect, it } from "vitest";
import { parseDate, parseHost, parsePassword, parsePem, parseUsername } from "./field-parsers.ts";

describe("form value readers", () => {
  it.each([
    "imap.empresa.co",
    "outlook.office365.com",
    "127.0.0.1",
    "::1",
    "[2800:3f0::1]",
    "mail-2.x.co",
    "::ffff:192.0.2.1",
  ])("accepts the host %s", (host) => {
    expect(parseHost(host)).toHaveProperty("value");
  });

  it.each(["0.0.0.0", "::", "[0:0::0]"])("says %s is no server's address", (host) => {
    expect(parseHost(host)).toEqual({ issue: "NOT_A_SERVER_ADDRESS" });
  });

  it("drops the trailing dot of an absolute name, and the brackets of an IPv6 literal", () => {
    expect(parseHost("Mail.Empresa.co.")).toEqual({ value: "mail.empresa.co" });
    expect(parseHost("[2800:3f0::1]")).toEqual({ value: "2800:3f0::1" });
  });

  it.each([
    ":",
    "::::",
    "1:2:3:4:5:6:7:8:9:10",
    "999.999.999.999",
    "1.2.3",
    "imap.empresa.co:993",
    "http://x.co",
    "a b.co",
    "-x.co",
    "mail.empresa.co..",
    "0x7f000001",
    "0x7f.1",
    "mail.0x1",
    ".",
    "::ffff:999.0.0.1",
  ])("refuses the host %s", (host) => {
    expect(parseHost(host)).toEqual({ issue: "INVALID_HOST" });
  });

  it.each(["1900-01-01", "9999-12-31", "2027-02-30", "31/12/2027"])(
    "refuses the date %s",
    (date) => {
      expect(parseDate(date)).toEqual({ issue: "INVALID_DATE" });
    },
  );

  it("accepts a real date", () => {
    expect(parseDate("2027-02-28")).toEqual({ value: "2027-02-28" });
  });

  it("refuses a certificate whose body is not base64", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nesto no es un certificado\n-----END CERTIFICATE-----";
    expect(parsePem(pem)).toEqual({ issue: "INVALID_CERTIFICATE" });
  });
});

describe("user names and passwords", () => {
  it("refuses a user name with a line break", () => {
    expect(parseUsername("u@x.co\r\nDELE 1", 320)).toEqual({ issue: "INVALID_CHARACTERS" });
    expect(parseUsername("recepcion@empresa.co", 320)).toEqual({ value: "recepcion@empresa.co" });
  });

  it("refuses a password of spaces only, or with CR, LF or NUL", () => {
    expect(parsePassword("   ", 1024)).toEqual({ issue: "ONLY_SPACES" });
    expect(parsePassword("a\r\nb", 1024)).toEqual({ issue: "INVALID_CHARACTERS" });
    expect(parsePassword(" con espacios ", 1024)).toEqual({ value: " con espacios " });
    expect(parsePassword("", 1024)).toEqual({ value: null });
  });
});
