import { createSocket } from "node:dgram";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type DnsServer } from "../../test/harness/dns-server.ts";
import { createApiHarness, type ApiHarness } from "../routes/test-harness.ts";
import { discoverServer, type DiscoveryDeps } from "./discover.ts";
import { createResolver } from "./dns.ts";

const AUTOCONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="cpanel.test">
    <domain>cpanel.test</domain>
    <incomingServer type="imap">
      <hostname>mail.%EMAILDOMAIN%</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>mail.%EMAILDOMAIN%</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
    </incomingServer>
  </emailProvider>
</clientConfig>`;

let dns: DnsServer;
let web: Server;
let webPort: number;
const served: string[] = [];

/** Names under .test resolve to loopback; anything else is a test bug (never the real resolver). */
async function lookupTestHost(host: string): Promise<string> {
  if (host.endsWith(".test")) return "127.0.0.1";
  throw new Error(`tests resolve only .test names, not ${host}`);
}

beforeAll(async () => {
  dns = await startDnsServer({
    "empresa.test": {
      MX: [{ priority: 10, exchange: "empresa-test.mail.protection.outlook.com" }],
    },
    "gsuite.test": { MX: [{ priority: 1, exchange: "aspmx.l.google.com" }] },
    "hosting.test": { MX: [{ priority: 0, exchange: "mx.hosting.test" }] },
    "_imaps._tcp.hosting.test": {
      SRV: [
        { priority: 20, weight: 0, port: 993, target: "backup.hosting.test" },
        { priority: 10, weight: 5, port: 993, target: "imap.hosting.test" },
      ],
    },
    "_pop3._tcp.hosting.test": {
      SRV: [{ priority: 0, weight: 0, port: 110, target: "pop.hosting.test" }],
    },
    "_pop3s._tcp.hosting.test": { SRV: [{ priority: 0, weight: 0, port: 0, target: "." }] },
    "cpanel.test": { MX: [{ priority: 0, exchange: "cpanel.test" }] },
    "_imaps._tcp.cpanel.test": {
      SRV: [{ priority: 0, weight: 0, port: 993, target: "srv.cpanel.test" }],
    },
  });
  web = createServer((req, res) => {
    served.push(`${req.headers.host?.split(":")[0]}${req.url}`);
    const ok =
      req.headers.host?.startsWith("autoconfig.cpanel.test") && req.url?.startsWith("/mail/");
    res.writeHead(ok ? 200 : 404, { "content-type": "text/xml" });
    res.end(ok ? AUTOCONFIG : "");
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  webPort = (web.address() as { port: number }).port;
});
afterAll(async () => {
  await dns.close();
  await new Promise((resolve) => web.close(resolve));
});

function deps(overrides: Partial<DiscoveryDeps> = {}): DiscoveryDeps {
  return {
    resolver: createResolver([dns.address]),
    allowPrivateHosts: true,
    lookupHost: lookupTestHost,
    autoconfigUrls: (domain, email) => [
      `http://autoconfig.${domain}:${webPort}/mail/config-v1.1.xml?emailaddress=${email}`,
      `http://${domain}:${webPort}/.well-known/autoconfig/mail/config-v1.1.xml`,
    ],
    ...overrides,
  };
}

describe("server discovery", () => {
  it("answers presets without asking DNS", async () => {
    const before = dns.asked.length;
    const found = await discoverServer("facturas@hotmail.com", "imap", deps());
    expect(found).toMatchObject({
      host: "outlook.office365.com",
      port: 993,
      serverType: "oauth-microsoft",
      serverTypeRequired: true,
      origin: { host: "preset", serverType: "preset" },
    });
    expect(dns.asked.length).toBe(before);
  });

  it("tells a Microsoft 365 domain by its MX and requires OAuth", async () => {
    const found = await discoverServer("facturas@empresa.test", "pop3", deps());
    expect(found).toMatchObject({
      provider: "microsoft365",
      host: "outlook.office365.com",
      port: 995,
      security: "ssl",
      serverType: "oauth-microsoft",
      serverTypeRequired: true,
      origin: { host: "mx", serverType: "mx" },
    });
  });

  it("tells a Google Workspace domain by its MX and suggests Google sign-in", async () => {
    const found = await discoverServer("facturas@gsuite.test", "imap", deps());
    expect(found).toMatchObject({
      host: "imap.gmail.com",
      serverType: "oauth-google",
      serverTypeRequired: false,
    });
  });

  it("reads SRV records: lowest priority first, '.' as not offered, STARTTLS after implicit TLS", async () => {
    const imap = await discoverServer("facturas@hosting.test", "imap", deps());
    expect(imap).toMatchObject({
      host: "imap.hosting.test",
      port: 993,
      security: "ssl",
      serverType: "basic",
      origin: { host: "srv", serverType: null },
    });
    const pop3 = await discoverServer("facturas@hosting.test", "pop3", deps());
    expect(pop3).toMatchObject({ host: "pop.hosting.test", port: 110, security: "starttls" });
  });

  it("prefers the domain's autoconfig file, with its placeholders filled", async () => {
    const found = await discoverServer("facturas@cpanel.test", "imap", deps());
    expect(found).toMatchObject({
      host: "mail.cpanel.test",
      port: 993,
      security: "ssl",
      origin: { host: "autoconfig" },
    });
    expect(found!.steps).toEqual([
      { step: "preset", result: "none" },
      { step: "autoconfig", result: "found" },
      { step: "srv", result: "found" },
      { step: "mx", result: "none" },
    ]);
    expect(served).toContain(
      "autoconfig.cpanel.test/mail/config-v1.1.xml?emailaddress=facturas@cpanel.test",
    );
  });

  it("does not fetch autoconfig from a private address unless private hosts are allowed", async () => {
    const fetched = served.length;
    const found = await discoverServer(
      "facturas@cpanel.test",
      "imap",
      deps({ allowPrivateHosts: false }),
    );
    expect(found).toMatchObject({ host: "srv.cpanel.test", origin: { host: "srv" } });
    expect(found!.steps[1]).toEqual({ step: "autoconfig", result: "none" });
    expect(served.length).toBe(fetched);
  });

  it("answers null for a domain nobody knows", async () => {
    expect(await discoverServer("a@nada.test", "imap", deps())).toBeNull();
  });

  it("gives up on a DNS server that never answers after the step's timeout", async () => {
    const silent = createSocket("udp4");
    await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
    try {
      const resolver = createResolver([`127.0.0.1:${silent.address().port}`]);
      const started = Date.now();
      const found = await discoverServer(
        "a@empresa.test",
        "imap",
        deps({ resolver, stepTimeoutMs: 300, autoconfigUrls: () => [] }),
      );
      expect(found).toBeNull();
      expect(Date.now() - started).toBeLessThan(2_500);
    } finally {
      silent.close();
    }
  });
});

describe("providers/suggest with discovery", () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness();
    h.ctx.dnsServers = [dns.address];
    h.ctx.lookupHost = lookupTestHost;
  });
  afterAll(() => h.dispose());

  it("answers the server type the provider requires and where each value came from", async () => {
    const res = await h.call("GET", "/api/v1/providers/suggest?email=facturas%40empresa.test");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      host: "outlook.office365.com",
      port: 993,
      serverType: "oauth-microsoft",
      serverTypeRequired: true,
      origin: { host: "mx", port: "mx", security: "mx", serverType: "mx" },
    });
  });

  it("refuses basic for an address whose domain's MX points at Microsoft 365", async () => {
    const res = await h.call("PUT", "/api/v1/reception-config", {
      serverType: "basic",
      protocol: "imap",
      host: "mail.empresa.test",
      port: 993,
      username: "facturas@empresa.test",
      password: "clave",
      passwordConfirmation: "clave",
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.issues).toEqual([
      expect.objectContaining({ path: "serverType", code: "BASIC_AUTH_DISABLED" }),
    ]);
  });
});
