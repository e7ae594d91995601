import { randomBytes, randomInt } from "node:crypto";
import { rootCertificates } from "node:tls";
import { describe, expect, it } from "vitest";
import { appendMessage, createMailUser, mailServers } from "../../../test/harness/index.ts";
import type { MailUser } from "../../../test/harness/index.ts";
import { connectPop3, type Pop3Client, type Pop3Options } from "./index.ts";

/** Real Dovecot on loopback (test/harness): POP3 with STLS and POP3S, certificate for localhost. */

function options(security: Pop3Options["security"], extra: Partial<Pop3Options> = {}) {
  const servers = mailServers();
  const port = security === "ssl" ? servers.pop3sPort : servers.pop3Port;
  return { host: servers.host, port, security, ca: servers.caPem, ...extra };
}

async function session<T>(user: MailUser, work: (client: Pop3Client) => Promise<T>): Promise<T> {
  const client = await connectPop3(options("ssl"));
  try {
    await client.login(user.user, user.password);
    return await work(client);
  } finally {
    client.close();
  }
}

/** A stored-form message: CRLF lines of 8-bit bytes (no NUL, CR or LF), many starting with ".". */
function randomMessage(n: number): Buffer {
  const id = `<${n}.${randomBytes(4).toString("hex")}@buzon.test>`;
  const parts: Buffer[] = [`Message-ID: ${id}`, "Subject: x", ""].map((l) => Buffer.from(l));
  for (let i = randomInt(1, 40); i > 0; i--) parts.push(randomLine());
  return Buffer.concat(parts.flatMap((part) => [part, Buffer.from("\r\n")]));
}

function randomLine(): Buffer {
  const avoid = new Set([0x00, 0x0a, 0x0d]);
  const bytes = randomBytes(randomInt(0, 120)).map((b) => (avoid.has(b) ? 0x2e : b));
  const lead = [".", "..", "", "", ""][randomInt(0, 5)]!;
  return Buffer.concat([Buffer.from(lead), bytes]);
}

describe("Pop3Client against Dovecot", () => {
  it("logs in over POP3S and over STLS, trusting the test CA", async () => {
    const user = createMailUser("pop3-login");
    for (const security of ["ssl", "starttls"] as const) {
      const client = await connectPop3(options(security));
      await client.login(user.user, user.password);
      expect(await client.stat()).toEqual({ count: 0, size: 0 });
      if (security === "starttls") expect(client.capabilities()).not.toContain("STLS");
      await client.quit();
    }
  });

  it("rejects a wrong password with AUTH_FAILED", async () => {
    const user = createMailUser("pop3-wrong");
    const client = await connectPop3(options("ssl"));
    const error = await client.login(user.user, "not-the-password").catch((e: unknown) => e);
    client.close();
    expect(error).toMatchObject({ code: "AUTH_FAILED" });
    expect(String(error)).not.toContain("not-the-password");
  });

  it("returns 200 messages of random 8-bit bytes exactly as appended", async () => {
    const user = createMailUser("pop3-bytes");
    const messages = Array.from({ length: 200 }, (_, i) => randomMessage(i));
    for (const raw of messages) await appendMessage(user.user, user.password, raw);

    const retrieved = await session(user, async (client) => {
      const list = await client.list();
      const bodies: Buffer[] = [];
      for (const { msg } of list) bodies.push(await client.retr(msg));
      return bodies;
    });

    expect(retrieved.length).toBe(200);
    retrieved.forEach((body, i) => {
      expect(body.equals(messages[i]!), `message ${i + 1}`).toBe(true);
    });
  }, 120_000);

  it("keeps UIDL stable across sessions", async () => {
    const user = createMailUser("pop3-uidl");
    for (let i = 0; i < 3; i++) await appendMessage(user.user, user.password, randomMessage(i));

    const first = await session(user, (client) => client.uidl());
    const second = await session(user, (client) => client.uidl());
    expect(first.length).toBe(3);
    expect(second).toEqual(first);
  });

  it("removes a message on DELE + QUIT and keeps it when the connection just closes", async () => {
    const user = createMailUser("pop3-dele");
    for (let i = 0; i < 3; i++) await appendMessage(user.user, user.password, randomMessage(i));
    const before = await session(user, (client) => client.uidl());

    await session(user, (client) => client.dele(1));
    expect(await session(user, (client) => client.uidl())).toEqual(before);

    await session(user, async (client) => {
      await client.dele(1);
      await client.quit();
    });
    const after = await session(user, (client) => client.uidl());
    expect(after.map((e) => e.uid)).toEqual(before.slice(1).map((e) => e.uid));
  });

  it("refuses a certificate from another CA with TLS, over POP3S and STLS", async () => {
    const otherCa = rootCertificates[0]!;
    for (const security of ["ssl", "starttls"] as const) {
      const error = await connectPop3(options(security, { ca: otherCa })).catch((e: unknown) => e);
      expect(error, security).toMatchObject({ code: "TLS" });
      expect((error as Error).message).toBe("El certificado del servidor no es de confianza.");
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
  });

  it("refuses a certificate that does not carry the expected name", async () => {
    const error = await connectPop3(options("ssl", { servername: "correo.example.com" })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "TLS" });
  });
});
