import { connect as tlsConnect, type TLSSocket } from "node:tls";
import { connect as netConnect, type Socket } from "node:net";
import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import * as harness from "./index.ts";

/** Reads CRLF-terminated lines from a raw socket, one `next()` at a time. */
function lineReader(socket: Socket | TLSSocket) {
  let buffered = "";
  let waiting: ((line: string) => void) | undefined;
  const deliver = () => {
    const end = buffered.indexOf("\r\n");
    if (!waiting || end < 0) return;
    const resolve = waiting;
    waiting = undefined;
    resolve(buffered.slice(0, end));
    buffered = buffered.slice(end + 2);
  };
  socket.setEncoding("latin1");
  socket.on("data", (chunk: string) => {
    buffered += chunk;
    deliver();
  });
  return {
    next: () =>
      new Promise<string>((resolve) => {
        waiting = resolve;
        deliver();
      }),
    send: (line: string) => socket.write(`${line}\r\n`),
  };
}

function imapClient(user: string, pass: string, port: number, secure: boolean) {
  const { host, caPem } = harness.mailServers();
  const tls = { ca: caPem };
  const auth = { user, pass };
  return new ImapFlow({ host, port, secure, doSTARTTLS: !secure, tls, auth, logger: false });
}

// 8-bit body bytes (ISO-8859-1 "ñ") and a line starting with "." that POP3/SMTP must dot-stuff.
const RAW = Buffer.concat([
  Buffer.from("Message-ID: <harness-1@buzon.test>\r\nSubject: prueba\r\n\r\n"),
  Buffer.from([0x63, 0x61, 0xf1, 0x61, 0x0d, 0x0a]),
  Buffer.from(".linea con punto\r\n..dos puntos\r\n"),
]);

describe("Dovecot", () => {
  it("accepts a login over IMAPS and over IMAP with STARTTLS, trusting the test CA", async () => {
    const { user, password } = harness.createMailUser("imap");
    const { imapsPort, imapPort } = harness.mailServers();

    for (const [port, secure] of [
      [imapsPort, true],
      [imapPort, false],
    ] as const) {
      const client = imapClient(user, password, port, secure);
      await client.connect();
      expect(client.secureConnection).toBe(true);
      await client.logout();
    }
  });

  it("fails certificate verification for a client that does not trust the test CA", async () => {
    const { host, imapsPort } = harness.mailServers();
    const socket = tlsConnect({ host, port: imapsPort, servername: host });
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      socket.once("error", resolve);
    });

    expect(error.code).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
  });

  // anvil's growing penalty (2, 4, 8, 15 s) is switched off in the harness config so that
  // wrong-password tests stay quick; how quick is shown by the suite, never asserted.
  it("rejects wrong passwords, then accepts the right one", async () => {
    const { user, password } = harness.createMailUser("penalty");
    const { imapsPort } = harness.mailServers();
    for (let i = 0; i < 3; i++) {
      await expect(imapClient(user, "wrong", imapsPort, true).connect()).rejects.toThrow();
    }

    const client = imapClient(user, password, imapsPort, true);
    await client.connect();
    expect(client.authenticated).toBeTruthy();
    await client.logout();
  });

  it("hides plaintext login from a non-loopback-equal address until STARTTLS", async () => {
    const port = harness.mailServers().imapPort;
    const socket = netConnect({ host: "127.0.0.1", port, localAddress: "127.0.0.2" });
    const lines = lineReader(socket);

    expect(await lines.next()).toContain("LOGINDISABLED");
    socket.destroy();
  });

  it("stores an appended message byte for byte and lists its folder", async () => {
    const { user, password } = harness.createMailUser("append");
    const uid = await harness.appendMessage(user, password, RAW, "Procesados");
    const [stored] = await harness.readFolder(user, password, "Procesados");

    expect(stored).toMatchObject({ uid, messageId: "<harness-1@buzon.test>" });
    expect(Buffer.from(stored!.raw).equals(RAW)).toBe(true);
    const folders = await harness.listFolders(user, password);
    expect(folders).toEqual(expect.arrayContaining(["INBOX", "Procesados"]));
  });

  it("serves POP3S: USER/PASS, STAT, UIDL as %08Xu%08Xv, and a dot-stuffed RETR", async () => {
    const { user, password } = harness.createMailUser("pop3");
    await harness.appendMessage(user, password, RAW);
    const { host, pop3sPort, caPem } = harness.mailServers();
    const socket = tlsConnect({ host, port: pop3sPort, ca: caPem, servername: host });
    const pop = lineReader(socket);

    expect(await pop.next()).toMatch(/^\+OK/);
    pop.send(`USER ${user}`);
    expect(await pop.next()).toMatch(/^\+OK/);
    pop.send(`PASS ${password}`);
    expect(await pop.next()).toMatch(/^\+OK/);
    pop.send("STAT");
    expect(await pop.next()).toBe(`+OK 1 ${RAW.length}`);
    pop.send("UIDL 1");
    expect(await pop.next()).toMatch(/^\+OK 1 [0-9a-f]{16}$/);
    pop.send("RETR 1");
    expect(await pop.next()).toMatch(/^\+OK/);
    const body: string[] = [];
    for (let line = await pop.next(); line !== "."; line = await pop.next()) body.push(line);
    const unstuffed = body.map((line) => (line.startsWith(".") ? line.slice(1) : line));
    expect(Buffer.from(unstuffed.map((l) => `${l}\r\n`).join(""), "latin1").equals(RAW)).toBe(true);
    pop.send("QUIT");
    socket.end();
  });
});

describe("SMTP sink", () => {
  const transport = () => {
    const { host, smtpPort, caPem } = harness.mailServers();
    const tls = { ca: caPem };
    // requireTLS: STARTTLS must succeed against the CA-signed certificate, or the send fails.
    return nodemailer.createTransport({ host, port: smtpPort, requireTLS: true, tls });
  };

  it("keeps a message sent over STARTTLS byte for byte, with its envelope", async () => {
    const to = harness.createMailUser("sink").email;
    const envelope = { from: "alertas@buzon.test", to: [to] };
    await transport().sendMail({ envelope, raw: RAW });

    const [received] = await harness.waitForSink(1, { to });
    expect(received!.envelope).toEqual({ mailFrom: "alertas@buzon.test", rcptTo: [to] });
    expect(Buffer.from(received!.raw).equals(RAW)).toBe(true);
  });

  it("answers 550 or 451 for a recipient the test refused", async () => {
    const refused = harness.createMailUser("refused").email;
    const delayed = harness.createMailUser("delayed").email;
    harness.refuseRecipient(refused, "permanent");
    harness.refuseRecipient(delayed, "temporary");

    const send = (to: string) =>
      transport().sendMail({ envelope: { from: "a@buzon.test", to: [to] }, raw: RAW });
    await expect(send(refused)).rejects.toMatchObject({ responseCode: 550 });
    await expect(send(delayed)).rejects.toMatchObject({ responseCode: 451 });
    expect(harness.readSink({ to: refused })).toEqual([]);
  });
});
