import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { connectPop3, type Pop3Client } from "./index.ts";
import { startScriptedServer, stuff, type ScriptedConnection } from "./scripted-server.ts";

/** Scripted-server tests: each one controls exactly which bytes arrive, and when. */

const PASSWORD = "s3cret-Pässword";
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Greets and answers CAPA with `capa` lines (or -ERR), then runs `rest` of the script. */
async function connectTo(
  rest: (conn: ScriptedConnection) => Promise<void>,
  options: { capa?: string[]; commandTimeoutMs?: number } = {},
): Promise<{ client: Pop3Client; done: Promise<void> }> {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const server = await startScriptedServer(async (conn) => {
    await conn.write("+OK POP3 ready\r\n");
    expect(await conn.nextLine()).toBe("CAPA");
    const capa = options.capa;
    await conn.write(capa ? `+OK\r\n${capa.map((l) => `${l}\r\n`).join("")}.\r\n` : "-ERR\r\n");
    await rest(conn).finally(finish);
  });
  const client = await connectPop3({
    host: "127.0.0.1",
    port: server.port,
    security: "none",
    commandTimeoutMs: options.commandTimeoutMs ?? 2_000,
  });
  cleanups.push(
    () => client.close(),
    () => server.close(),
  );
  return { client, done };
}

/** Answers one RETR with `wire`, written as separate TCP chunks cut at `cuts`. */
async function answerRetr(conn: ScriptedConnection, wire: Buffer, cuts: number[]) {
  expect(await conn.nextLine()).toBe("RETR 1");
  const bounds = [0, ...cuts, wire.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    await conn.write(wire.subarray(bounds[i], bounds[i + 1]));
  }
}

const retrWire = (body: Buffer) =>
  Buffer.concat([Buffer.from("+OK message follows\r\n"), stuff(body), Buffer.from(".\r\n")]);

describe("Pop3Client against a scripted server", () => {
  it("settles RETR whichever byte of CRLF.CRLF ends a TCP read", async () => {
    const body = Buffer.from("Subject: x\r\n\r\nhello\r\n");
    const wire = retrWire(body);
    const start = wire.length - 5;
    for (let split = 1; split <= 4; split++) {
      const { client } = await connectTo((conn) => answerRetr(conn, wire, [start + split]));
      expect(await client.retr(1), `split ${split}`).toEqual(body);
    }
  });

  it("returns every byte value, bare LF and dot-leading lines exactly", async () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const tricky = Buffer.from(".lead\r\n..two\r\n.\r\na\n.\r\nb\r.\r\n\n\r\r\n", "latin1");
    const body = Buffer.concat([all, Buffer.from("\r\n"), tricky, all, Buffer.from("\r\n")]);
    const wire = retrWire(body);
    const cuts = [7, 30, 200, 301, 302, 303, 400];
    const { client } = await connectTo((conn) => answerRetr(conn, wire, cuts));

    expect(await client.retr(1)).toEqual(body);
  });

  it("takes a '+' continuation to PASS as failure, not success", async () => {
    const { client } = await connectTo(async (conn) => {
      expect(await conn.nextLine()).toBe("USER ana");
      await conn.write("+OK\r\n");
      await conn.nextLine();
      await conn.write("+ \r\n");
    });

    await expect(client.login("ana", PASSWORD)).rejects.toMatchObject({ code: "PROTOCOL" });
    await expect(client.noop()).rejects.toBeDefined();
  });

  it("rejects a wrong password with AUTH_FAILED, the server text only in cause", async () => {
    const { client } = await connectTo(async (conn) => {
      await conn.nextLine();
      await conn.write("+OK\r\n");
      expect(await conn.nextLine()).toBe(`PASS ${PASSWORD}`);
      await conn.write("-ERR [AUTH] Authentication failed.\r\n");
    });

    const error = await client.login("ana", PASSWORD).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "AUTH_FAILED" });
    expect((error as Error).message).not.toContain("Authentication failed");
    expect(String((error as Error).cause)).toContain("Authentication failed");
    expect(inspectAll(error)).not.toContain(PASSWORD);
  });

  it("uses AUTH PLAIN with an initial response when CAPA lists it", async () => {
    const { client, done } = await connectTo(
      async (conn) => {
        const [verb, mechanism, response] = (await conn.nextLine()).split(" ");
        expect([verb, mechanism]).toEqual(["AUTH", "PLAIN"]);
        expect(Buffer.from(response!, "base64").toString()).toBe(`\0ana\0${PASSWORD}`);
        await conn.write("+OK Logged in.\r\n");
      },
      { capa: ["USER", "SASL PLAIN XOAUTH2"] },
    );

    await client.login("ana", PASSWORD);
    await done;
    expect(client.capabilities()).toEqual(["USER", "SASL PLAIN XOAUTH2"]);
  });

  it("cancels AUTH PLAIN with '*' when a '+' follows the response", async () => {
    const { client, done } = await connectTo(
      async (conn) => {
        await conn.nextLine();
        await conn.write("+ \r\n");
        expect(await conn.nextLine()).toBe("*");
        await conn.write("-ERR Authentication aborted\r\n");
      },
      { capa: ["SASL PLAIN"] },
    );

    await expect(client.login("ana", PASSWORD)).rejects.toMatchObject({ code: "AUTH_FAILED" });
    await done;
  });

  it("answers an XOAUTH2 error challenge with an empty line and fails AUTH_FAILED", async () => {
    const token = "ya29.token";
    const challenge = Buffer.from('{"status":"401","schemes":"bearer"}').toString("base64");
    const { client, done } = await connectTo(async (conn) => {
      const line = await conn.nextLine();
      expect(line.startsWith("AUTH XOAUTH2 ")).toBe(true);
      await conn.write(`+ ${challenge}\r\n`);
      expect(await conn.nextLine()).toBe("");
      await conn.write("-ERR Authentication failed\r\n");
    });

    const error = await client.authenticateXoauth2("ana@x.co", token).catch((e: unknown) => e);
    await done;
    expect(error).toMatchObject({ code: "AUTH_FAILED" });
    expect(String((error as Error).cause)).toContain('"status":"401"');
    expect(inspectAll(error)).not.toContain(token);
  });

  it("sends a long XOAUTH2 response after an empty challenge (RFC 5034 §4)", async () => {
    const token = "t".repeat(400);
    const { client, done } = await connectTo(async (conn) => {
      expect(await conn.nextLine()).toBe("AUTH XOAUTH2");
      await conn.write("+ \r\n");
      const decoded = Buffer.from(await conn.nextLine(), "base64").toString();
      expect(decoded).toBe(`user=ana\x01auth=Bearer ${token}\x01\x01`);
      await conn.write("+OK\r\n");
    });

    await client.authenticateXoauth2("ana", token);
    await done;
  });

  it("rejects the pending RETR with CONNECTION when the server closes mid-body", async () => {
    const { client } = await connectTo(async (conn) => {
      await conn.nextLine();
      await conn.write("+OK\r\nFrom: a\r\nhalf a mess");
      conn.destroy();
    });

    await expect(client.retr(1)).rejects.toMatchObject({ code: "CONNECTION" });
    await expect(client.noop()).rejects.toMatchObject({ code: "CONNECTION" });
  });

  it("fails with TIMEOUT when the server never answers, and closes the socket", async () => {
    let closed!: Promise<void>;
    const { client } = await connectTo(
      async (conn) => {
        closed = new Promise((resolve) => conn.onClose(resolve));
        await conn.nextLine();
      },
      { commandTimeoutMs: 150 },
    );

    await expect(client.stat()).rejects.toMatchObject({ code: "TIMEOUT" });
    await closed;
  });

  it("fails with LIMIT past maxBytes and closes the connection", async () => {
    const body = Buffer.alloc(10_000, "a");
    const { client } = await connectTo((conn) => answerRetr(conn, retrWire(body), [3000]));

    await expect(client.retr(1, 5_000)).rejects.toMatchObject({ code: "LIMIT" });
    await expect(client.noop()).rejects.toMatchObject({ code: "LIMIT" });
  });

  it("rejects QUIT answered -ERR with PROTOCOL", async () => {
    const { client } = await connectTo(async (conn) => {
      expect(await conn.nextLine()).toBe("DELE 2");
      await conn.write("+OK\r\n");
      expect(await conn.nextLine()).toBe("QUIT");
      await conn.write("-ERR some deleted messages not removed\r\n");
    });

    await client.dele(2);
    await expect(client.quit()).rejects.toMatchObject({ code: "PROTOCOL" });
  });

  it("runs one command at a time and parses STAT, LIST and UIDL", async () => {
    const { client } = await connectTo(async (conn) => {
      expect(await conn.nextLine()).toBe("STAT");
      await sleep(30);
      expect(conn.received.at(-1)).toBe("STAT");
      await conn.write("+OK 2 320\r\n");
      expect(await conn.nextLine()).toBe("LIST");
      await conn.write("+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n");
      expect(await conn.nextLine()).toBe("UIDL");
      await conn.write("+OK\r\n1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n.\r\n");
      expect(await conn.nextLine()).toBe("QUIT");
      await conn.write("+OK bye\r\n");
    });

    const [stat, list, uidl] = await Promise.all([client.stat(), client.list(), client.uidl()]);
    await client.quit();
    expect(stat).toEqual({ count: 2, size: 320 });
    expect(list).toEqual([
      { msg: 1, size: 120 },
      { msg: 2, size: 200 },
    ]);
    expect(uidl).toEqual([
      { msg: 1, uid: "whqtswO00WBw418f9t5JxYwZ" },
      { msg: 2, uid: "QhdPYR:00WBw1Ph7x7" },
    ]);
  });

  it("keeps the session usable after a -ERR to RETR", async () => {
    const { client } = await connectTo(async (conn) => {
      await conn.nextLine();
      await conn.write("-ERR no such message\r\n");
      expect(await conn.nextLine()).toBe("NOOP");
      await conn.write("+OK\r\n");
    });

    await expect(client.retr(1)).rejects.toMatchObject({ code: "PROTOCOL" });
    await client.noop();
  });

  it("refuses message numbers and credentials that could inject a command", async () => {
    const { client } = await connectTo(async () => undefined);
    await expect(client.retr(0)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(client.dele(1.5)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(client.login("ana\r\nDELE 1", "x")).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });
});

/** Everything an error could show: message, cause chain, details and its JSON. */
function inspectAll(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as Error | undefined; e; e = e.cause as Error | undefined) {
    parts.push(e.message, JSON.stringify(e), String(e.stack));
  }
  return parts.join("\n");
}

describe("connectPop3 failures", () => {
  it("fails with TIMEOUT when no greeting arrives", async () => {
    const server = await startScriptedServer(() => new Promise(() => undefined));
    cleanups.push(() => server.close());
    const opts = { host: "127.0.0.1", port: server.port, connectTimeoutMs: 150 };

    await expect(connectPop3({ ...opts, security: "none" })).rejects.toMatchObject({
      code: "TIMEOUT",
    });
  });

  it("fails with CONNECTION when nothing listens", async () => {
    const server = await startScriptedServer(async () => undefined);
    await server.close();

    await expect(
      connectPop3({ host: "127.0.0.1", port: server.port, security: "none" }),
    ).rejects.toMatchObject({ code: "CONNECTION" });
  });

  it("fails with TLS, never falling back to plaintext, when STLS is refused", async () => {
    let sent: string[] = [];
    const server = await startScriptedServer(async (conn) => {
      sent = conn.received;
      await conn.write("+OK ready\r\n");
      await conn.nextLine();
      await conn.write("+OK\r\nUSER\r\n.\r\n");
      expect(await conn.nextLine()).toBe("STLS");
      await conn.write("-ERR not now\r\n");
    });
    cleanups.push(() => server.close());

    const opts = { host: "127.0.0.1", port: server.port, security: "starttls" } as const;
    await expect(connectPop3(opts)).rejects.toMatchObject({
      code: "TLS",
      details: { reason: "STARTTLS_NOT_OFFERED", field: "security" },
    });
    expect(sent).toEqual(["CAPA", "STLS"]);
  });

  it("refuses plaintext bytes injected after the STLS answer (RFC 2595 §4)", async () => {
    const server = await startScriptedServer(async (conn) => {
      await conn.write("+OK ready\r\n");
      await conn.nextLine();
      await conn.write("-ERR\r\n");
      await conn.nextLine();
      await conn.write("+OK Begin TLS\r\n+OK injected\r\n");
    });
    cleanups.push(() => server.close());

    const opts = { host: "127.0.0.1", port: server.port, security: "starttls" } as const;
    await expect(connectPop3(opts)).rejects.toMatchObject({ code: "PROTOCOL" });
  });
});
