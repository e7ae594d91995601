import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Test helper: a POP3 server on 127.0.0.1 that follows a script, one per connection, so tests can
 * split, stall, garble or cut responses at the byte they need.
 */

export interface ScriptedConnection {
  /** The next command line the client sent, without CRLF, decoded as UTF-8. */
  nextLine(): Promise<string>;
  /** Writes raw bytes; a pause after lets the client read them as a separate TCP chunk. */
  write(data: string | Buffer): Promise<void>;
  /** Every line the client has sent so far. */
  readonly received: string[];
  onClose(listener: () => void): void;
  end(): void;
  destroy(): void;
}

export interface ScriptedServer {
  port: number;
  close(): Promise<void>;
}

export async function startScriptedServer(
  script: (conn: ScriptedConnection) => Promise<void>,
): Promise<ScriptedServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    script(wrap(socket)).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  const { port } = server.address() as net.AddressInfo;
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return { port, close };
}

function wrap(socket: net.Socket): ScriptedConnection {
  socket.setNoDelay(true);
  const received: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  const queued: string[] = [];
  let pending = "";

  socket.on("data", (chunk) => {
    pending += chunk.toString("latin1");
    let end: number;
    while ((end = pending.indexOf("\r\n")) >= 0) {
      const line = Buffer.from(pending.slice(0, end), "latin1").toString("utf8");
      pending = pending.slice(end + 2);
      received.push(line);
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else queued.push(line);
    }
  });

  return {
    received,
    nextLine: () => {
      const line = queued.shift();
      if (line !== undefined) return Promise.resolve(line);
      return new Promise((resolve) => waiting.push(resolve));
    },
    write: async (data) => {
      socket.write(typeof data === "string" ? Buffer.from(data, "latin1") : data);
      await sleep(15);
    },
    onClose: (listener) => socket.once("close", listener),
    end: () => socket.end(),
    destroy: () => socket.destroy(),
  };
}

/** RFC 1939 §3 byte-stuffing, as a server does it: a "." starting a line gets another ".". */
export function stuff(body: Buffer): Buffer {
  const text = body.toString("latin1");
  const stuffed = text.replace(/(^|\r\n)\./g, "$1..");
  return Buffer.from(stuffed, "latin1");
}
