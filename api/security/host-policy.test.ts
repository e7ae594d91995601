import { describe, expect, it } from "vitest";
import {
  assertMailPort,
  checkMailServer,
  isPrivateAddress,
  resolveMailHost,
  resolveMailServer,
} from "./host-policy.ts";

describe("host policy", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "100.64.0.1",
    "169.254.169.254",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "fd00::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:7f00:1",
    "0:0:0:0:0:ffff:7f00:1",
    "0:0:0:0:0:0:0:1",
    "0000:0000:0000:0000:0000:0000:0000:0001",
    "::ffff:a9fe:a9fe",
    "::127.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "fe80::1%eth0",
    "2001:db8::1",
    "192.0.2.1",
    "64:ff9b:1::7f00:1",
    "64:ff9b:1::808:808",
    "::ffff:0:127.0.0.1",
    "::ffff:0:a00:1",
    "2002:7f00:1::",
    "2002:a9fe:a9fe::1",
  ])("refuses %s", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    "8.8.8.8",
    "200.1.2.3",
    "172.32.0.1",
    "2800:3f0::1",
    "::ffff:200.1.2.3",
    "2002:c801:203::1", // 6to4 of 200.1.2.3
    "64:ff9b::c801:203", // NAT64 well-known prefix, public IPv4 inside
  ])("accepts the public address %s", (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it("refuses a loopback mailbox host unless private hosts are allowed", async () => {
    await expect(resolveMailHost("127.0.0.1", false)).rejects.toMatchObject({
      code: "HOST_NOT_ALLOWED",
      details: { field: "host", code: "PRIVATE_HOST" },
    });
    await expect(resolveMailHost("127.0.0.1", true)).resolves.toEqual({
      address: "127.0.0.1",
      servername: undefined,
    });
  });

  it("connects to the address it checked and verifies TLS against the name", async () => {
    await expect(resolveMailHost("localhost", true)).resolves.toMatchObject({
      servername: "localhost",
      address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/),
    });
  });
});

describe("mailbox ports", () => {
  it.each([143, 993, 110, 995])("accepts the mail port %i", (port) => {
    expect(() => assertMailPort(port, false)).not.toThrow();
  });

  it.each([22, 80, 3306, 6379, 8080])("refuses port %i unless allowed", (port) => {
    expect(() => assertMailPort(port, false)).toThrow(
      expect.objectContaining({
        code: "HOST_NOT_ALLOWED",
        details: { field: "port", code: "PORT_NOT_ALLOWED" },
      }),
    );
    expect(() => assertMailPort(port, false, [port])).not.toThrow();
    expect(() => assertMailPort(port, true)).not.toThrow();
  });

  it("refuses a security mode that is none of the three before connecting", () => {
    for (const security of ["constructor", "tls1.0", ""]) {
      expect(() =>
        checkMailServer({ allowPrivateHosts: true }, "imap.empresa.co", 993, security),
      ).toThrow(
        expect.objectContaining({
          details: expect.objectContaining({ reason: "UNKNOWN_SECURITY" }),
        }),
      );
    }
  });

  it("checks the port before asking any resolver", async () => {
    const lookupHost = async () => {
      throw new Error("the resolver must not be asked");
    };
    await expect(
      resolveMailServer({ allowPrivateHosts: false, lookupHost }, "imap.empresa.co", 3306),
    ).rejects.toMatchObject({ details: { code: "PORT_NOT_ALLOWED" } });
  });
});
