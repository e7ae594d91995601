import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDohServer, type DohServer } from "../../test/support/doh-server.ts";
import { lookupMx, lookupSrv } from "../discovery/dns.ts";
import { createDohClient } from "./doh.ts";

describe("DNS over HTTPS (JSON) for Workers", () => {
  let server: DohServer;
  beforeAll(async () => {
    server = await startDohServer({
      "mail.empresa.test A": ["192.0.2.10"],
      "v6.empresa.test AAAA": ["2001:db8::25"],
      "v6.empresa.test A": [],
      "_imaps._tcp.empresa.test SRV": [
        "10 5 993 imap2.empresa.test.",
        "0 5 993 imap.empresa.test.",
      ],
      "_pop3s._tcp.empresa.test SRV": ["0 0 0 ."],
      "empresa.test MX": [
        "20 respaldo.empresa.test.",
        "10 empresa-test.mail.protection.outlook.com.",
      ],
    });
  });
  afterAll(() => server.stop());

  it("answers an address, falling back to AAAA when a name has no A record", async () => {
    const doh = createDohClient(server.url);
    expect(await doh.lookupHost("mail.empresa.test")).toBe("192.0.2.10");
    expect(await doh.lookupHost("v6.empresa.test")).toBe("2001:db8::25");
  });

  it("reports an unknown name as ENOTFOUND, as node:dns does", async () => {
    const doh = createDohClient(server.url);
    await expect(doh.lookupHost("nadie.test")).rejects.toMatchObject({ code: "ENOTFOUND" });
  });

  it("feeds discovery: the best SRV target and the MX in priority order", async () => {
    const doh = createDohClient(server.url);
    expect(await lookupSrv(doh, "empresa.test", "imap")).toEqual({
      host: "imap.empresa.test",
      port: 993,
      security: "ssl",
    });
    // RFC 2782: a target of "." says the service is not offered; STARTTLS is asked next.
    expect(await lookupSrv(doh, "empresa.test", "pop3")).toBeNull();
    expect(await lookupMx(doh, "empresa.test")).toEqual([
      "empresa-test.mail.protection.outlook.com",
      "respaldo.empresa.test",
    ]);
    expect(server.asked).toContain("_pop3._tcp.empresa.test SRV");
  });

  it("treats a resolver failure as an error, not as 'no records'", async () => {
    const doh = createDohClient(server.url.replace("/dns-query", "/otra-ruta"));
    await expect(doh.lookupHost("mail.empresa.test")).rejects.toMatchObject({ code: "ESERVFAIL" });
  });

  it("tells a dead resolver apart from a name that does not exist", async () => {
    const { resolveMailHost } = await import("../security/host-policy.ts");
    const dead = createDohClient("http://127.0.0.1:1/dns-query");
    await expect(
      resolveMailHost("imap.empresa.test", false, dead.lookupHost),
    ).rejects.toMatchObject({ code: "DNS", details: { reason: "RESOLVER_UNAVAILABLE" } });
    const live = createDohClient(server.url);
    await expect(resolveMailHost("nadie.test", false, live.lookupHost)).rejects.toMatchObject({
      code: "DNS",
      details: { reason: "NAME_NOT_FOUND" },
    });
  });
});
