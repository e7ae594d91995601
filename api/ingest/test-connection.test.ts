import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createMailUser,
  listFolders,
  mailServers,
  type MailUser,
} from "../../test/harness/index.ts";
import { harnessSettings } from "../../test/support/mailbox-setup.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { startScriptedServer } from "../sources/pop3/scripted-server.ts";
import { testConnection } from "./test-connection.ts";
import type { MailboxSettings } from "./types.ts";

describe("connection test", () => {
  let ctx: TestContext;
  let user: MailUser;
  beforeAll(async () => {
    ctx = await createTestContext();
    user = createMailUser("conn");
  });
  afterAll(() => ctx.dispose());

  const settings = (overrides: Partial<MailboxSettings> = {}) => harnessSettings(user, overrides);

  it("logs in over IMAP and creates the folders", async () => {
    const result = await testConnection(ctx, settings());
    expect(result).toMatchObject({ ok: true, failedStep: null });
    expect(result.steps.map((s) => s.step)).toEqual(["dns", "tcp", "tls", "auth", "folder"]);
    expect(await listFolders(user.user, user.password)).toEqual(
      expect.arrayContaining(["Procesados", "Fallidos"]),
    );
  });

  it("logs in over POP3 with STLS", async () => {
    const servers = mailServers();
    const pop3 = settings({ protocol: "pop3", port: servers.pop3Port, security: "starttls" });
    expect(await testConnection(ctx, pop3)).toMatchObject({ ok: true });
  });

  it.each([
    ["dns", () => ({ host: "imap.nohay.invalid" })],
    ["tcp", () => ({ port: 1 })],
    ["tls", () => ({ tlsCa: null })],
    ["auth", () => ({ password: "otra-clave" })],
  ] as const)("names the %s step when it fails, in Spanish", async (step, change) => {
    const result = await testConnection(ctx, settings(change()));
    expect(result).toMatchObject({ ok: false, failedStep: step });
    expect(result.message).toMatch(/[a-záéíóúñ]/);
    expect(result.steps.at(-1)).toMatchObject({ step, ok: false });
    expect(JSON.stringify(result)).not.toContain("otra-clave");
  });

  it("refuses a private host when private hosts are not allowed", async () => {
    const strict = { ...ctx, allowPrivateHosts: false, allowedPorts: [mailServers().imapsPort] };
    const result = await testConnection(strict, settings());
    expect(result).toMatchObject({ ok: false, code: "HOST_NOT_ALLOWED", failedStep: "dns" });
    expect(result.message).toContain("dirección privada");
  });

  it("refuses a port that is not a mail port", async () => {
    const strict = { ...ctx, allowPrivateHosts: false };
    const result = await testConnection(strict, settings({ port: 3306 }));
    expect(result).toMatchObject({
      ok: false,
      code: "HOST_NOT_ALLOWED",
      reason: "PORT_NOT_ALLOWED",
      failedStep: "tcp",
    });
    expect(result.message).toContain("3306");
    // Refused before connecting: no step is shown as passed.
    expect(result.steps).toEqual([{ step: "tcp", ok: false, message: result.message }]);
  });

  it("lists only the refused step when a check refuses before connecting", async () => {
    // Workers' sockets cannot upgrade to TLS mid-connection: STARTTLS is refused up front.
    const workers = { ...ctx, implicitTlsOnly: true };
    for (const security of ["starttls", "none"] as const) {
      const result = await testConnection(workers, settings({ security, port: 143 }));
      expect(result).toMatchObject({ ok: false, code: "TLS", reason: "IMPLICIT_TLS_REQUIRED" });
      expect(result.steps, security).toEqual([{ step: "tls", ok: false, message: result.message }]);
    }
  });

  it.each(["imap", "pop3"] as const)(
    "says the port or security is wrong when %s SSL/TLS meets a plaintext port",
    async (protocol) => {
      const servers = mailServers();
      const port = protocol === "imap" ? servers.imapPort : servers.pop3Port;
      const result = await testConnection(ctx, settings({ protocol, port, security: "ssl" }));
      expect(result).toMatchObject({
        ok: false,
        failedStep: "tls",
        code: "TLS",
        reason: "NOT_TLS",
      });
      expect(result.message).toContain("revisa el puerto");
    },
  );

  it("says STARTTLS is not offered, and sends no password, when an IMAP server lacks it", async () => {
    // A server that greets with its capabilities and no STARTTLS among them.
    let received: string[] = [];
    const server = await startScriptedServer(async (conn) => {
      received = conn.received;
      await conn.write("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] listo\r\n");
      await conn.nextLine();
    });
    try {
      const result = await testConnection(
        ctx,
        settings({ host: "127.0.0.1", port: server.port, security: "starttls", tlsCa: null }),
      );
      expect(result).toMatchObject({
        ok: false,
        failedStep: "tls",
        reason: "STARTTLS_NOT_OFFERED",
      });
      expect(result.message).toContain("no ofrece STARTTLS");
      expect(received.join("\n")).not.toContain(user.password);
      expect(received.some((line) => /LOGIN|AUTHENTICATE/i.test(line))).toBe(false);
    } finally {
      await server.close();
    }
  });
});
