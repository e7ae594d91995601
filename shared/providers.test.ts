import { describe, expect, it } from "vitest";
import { domainOf, suggestServer } from "./providers.ts";

describe("suggestServer", () => {
  it("suggests Office 365 for Outlook.com addresses, as the seed page does", () => {
    expect(suggestServer("correorecepcionfacturae@outlook.com", "imap")).toMatchObject({
      provider: "outlook",
      host: "outlook.office365.com",
      port: 993,
      security: "ssl",
    });
    expect(suggestServer("facturas@hotmail.com", "pop3")).toMatchObject({
      host: "outlook.office365.com",
      port: 995,
    });
  });

  it("warns that Microsoft refuses plain passwords", () => {
    expect(suggestServer("a@live.com", "imap")?.note).toMatch(/OAuth2/);
  });

  it("says which sign-in each provider takes: OAuth required at Microsoft, offered at Gmail", () => {
    expect(suggestServer("a@outlook.com", "imap")).toMatchObject({
      serverType: "oauth-microsoft",
      serverTypeRequired: true,
    });
    expect(suggestServer("a@gmail.com", "imap")).toMatchObject({
      serverType: "oauth-google",
      serverTypeRequired: false,
    });
    expect(suggestServer("a@yahoo.com", "imap")).toMatchObject({ serverType: "basic" });
  });

  it("recognises Microsoft 365 tenant domains by their ending", () => {
    expect(suggestServer("a@contoso.onmicrosoft.com", "imap")?.provider).toBe("microsoft365");
  });

  it.each([
    ["x@gmail.com", "imap", "imap.gmail.com", 993],
    ["x@googlemail.com", "pop3", "pop.gmail.com", 995],
    ["x@yahoo.com", "imap", "imap.mail.yahoo.com", 993],
    ["x@yahoo.es", "pop3", "pop.mail.yahoo.com", 995],
    ["x@zoho.com", "imap", "imap.zoho.com", 993],
    ["x@zohomail.com", "pop3", "pop.zoho.com", 995],
    ["x@icloud.com", "imap", "imap.mail.me.com", 993],
    ["x@aol.com", "pop3", "pop.aol.com", 995],
    ["x@gmx.de", "imap", "imap.gmx.net", 993],
  ] as const)("maps %s over %s to %s:%d", (email, protocol, host, port) => {
    expect(suggestServer(email, protocol)).toMatchObject({ host, port, security: "ssl" });
  });

  it("answers null for protocols a provider does not offer and for unknown domains", () => {
    expect(suggestServer("x@icloud.com", "pop3")).toBeNull();
    expect(suggestServer("x@empresa.com.co", "imap")).toBeNull();
    expect(suggestServer("not an address", "imap")).toBeNull();
  });

  it("ignores case and surrounding spaces", () => {
    expect(domainOf("  Facturas@GMAIL.com ")).toBe("gmail.com");
  });
});
