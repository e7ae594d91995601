import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { testConnection } from "../ingest/test-connection.ts";
import type { MailboxSettings } from "../ingest/types.ts";
import { startScriptedServer, type ScriptedServer } from "../sources/pop3/scripted-server.ts";
import { BASIC_AUTH_DISABLED_MESSAGE } from "../../shared/reception-config.ts";

/** An IMAP server that answers every login as Microsoft's does since Basic auth went away. */
async function startRefusingImap(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => {
    socket.on("error", () => undefined);
    socket.write("* OK Microsoft Exchange IMAP4 service is ready.\r\n");
    let pending = "";
    socket.on("data", (chunk) => {
      pending += chunk.toString("latin1");
      let end: number;
      while ((end = pending.indexOf("\r\n")) >= 0) {
        const [tag, command] = pending.slice(0, end).split(" ");
        pending = pending.slice(end + 2);
        const verb = (command ?? "").toUpperCase();
        if (verb === "CAPABILITY") socket.write(`* CAPABILITY IMAP4rev1\r\n${tag} OK done\r\n`);
        else if (verb === "LOGIN") socket.write(`${tag} NO Basic authentication is disabled.\r\n`);
        else if (verb === "LOGOUT") socket.end(`* BYE\r\n${tag} OK bye\r\n`);
        else socket.write(`${tag} OK done\r\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe("Microsoft's refusal of passwords", () => {
  let ctx: TestContext;
  let imap: { port: number; close(): Promise<void> };
  let pop3: ScriptedServer;
  beforeAll(async () => {
    ctx = await createTestContext({ smtp: false });
    imap = await startRefusingImap();
    pop3 = await startScriptedServer(async (conn) => {
      await conn.write("+OK The Microsoft Exchange POP3 service is ready.\r\n");
      for (;;) {
        const line = await conn.nextLine();
        if (line === "CAPA") await conn.write("+OK\r\nUSER\r\n.\r\n");
        else if (line.startsWith("USER")) await conn.write("+OK\r\n");
        else if (line.startsWith("PASS"))
          await conn.write("-ERR Basic authentication is disabled.\r\n");
        else if (line === "QUIT") return conn.end();
        else await conn.write("-ERR\r\n");
      }
    });
  });
  afterAll(async () => {
    await Promise.all([imap.close(), pop3.close()]);
    await ctx.dispose();
  });

  const settings = (protocol: "imap" | "pop3", port: number): MailboxSettings => ({
    id: 0,
    companyId: 0,
    serverType: "basic",
    protocol,
    host: "127.0.0.1",
    port,
    security: "none",
    username: "facturas@empresa.com.co",
    password: "una-clave",
    passwordExpiresOn: null,
    notificationEmail: null,
    backupEmail: null,
    folders: { inbox: "INBOX", processed: "Procesados", failed: "Fallidos" },
    tlsCa: null,
  });

  it.each(["imap", "pop3"] as const)(
    "replaces the server's %s reply with the Spanish explanation and the way out",
    async (protocol) => {
      const port = protocol === "imap" ? imap.port : pop3.port;
      const result = await testConnection(ctx, settings(protocol, port));
      expect(result).toMatchObject({
        ok: false,
        failedStep: "auth",
        code: "AUTH_FAILED",
        message: BASIC_AUTH_DISABLED_MESSAGE,
      });
      expect(result.message).toContain("Microsoft 365 / Outlook (OAuth 2.0)");
      expect(result.message).not.toMatch(/Basic authentication/);
    },
  );
});
