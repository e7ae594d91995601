import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.ts";
import { listProviders, providerClient } from "./providers.ts";

describe("OAuth settings from the environment", () => {
  it("defaults to Microsoft's and Google's own endpoints, both disabled without client ids", () => {
    const { oauth } = loadConfig({});
    expect(oauth).toMatchObject({
      publicUrl: "http://localhost:8787",
      microsoft: {
        clientId: null,
        tenant: "common",
        authority: "https://login.microsoftonline.com",
      },
      google: {
        clientId: null,
        authUrl: "https://accounts.google.com/o/oauth2/v2/auth",
        tokenUrl: "https://oauth2.googleapis.com/token",
      },
    });
    expect(listProviders(oauth).every((p) => !p.enabled && p.reason)).toBe(true);
  });

  it("reads client ids, secrets, tenant, endpoints and DNS servers", () => {
    const config = loadConfig({
      BUZON_PUBLIC_URL: "https://buzon.empresa.co/",
      BUZON_MS_CLIENT_ID: "11111111-2222-3333-4444-555555555555",
      BUZON_MS_TENANT: "organizations",
      BUZON_MS_AUTHORITY: "http://127.0.0.1:9/ms",
      BUZON_GOOGLE_CLIENT_ID: "g.apps.googleusercontent.com",
      BUZON_GOOGLE_CLIENT_SECRET: "g-secret",
      BUZON_DNS_SERVERS: "127.0.0.1:5353, 127.0.0.2",
    });
    const ms = providerClient(config.oauth, "microsoft")!;
    expect(ms).toMatchObject({
      clientSecret: null,
      tokenUrl: "http://127.0.0.1:9/ms/organizations/oauth2/v2.0/token",
      redirectUri: "https://buzon.empresa.co/api/v1/oauth/microsoft/callback",
    });
    expect(providerClient(config.oauth, "google")).toMatchObject({ clientSecret: "g-secret" });
    expect(config.dnsServers).toEqual(["127.0.0.1:5353", "127.0.0.2"]);
  });

  it.each([
    ["BUZON_PUBLIC_URL", "buzon.empresa.co"],
    ["BUZON_MS_AUTHORITY", "login.microsoftonline.com"],
    ["BUZON_MS_TENANT", "a b"],
    ["BUZON_DNS_SERVERS", "dns.google"],
  ])("stops on a bad %s", (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(variable);
  });
});
