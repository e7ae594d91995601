/**
 * A TLS socket to Dovecot that hands each chunk to a reader, for the raw download ceilings: no
 * parsing beyond what finding the end of a response needs, so nothing reads mail faster.
 */
import { connect, type TLSSocket } from "node:tls";
import type { BenchServers } from "./mail-servers.ts";

/** Both raw clients give up after this: a stuck server must not hang the benchmark. */
export const RAW_TIMEOUT_MS = 10 * 60_000;

export interface RawSession {
  socket: TLSSocket;
  /** Resolves when `done` answers true for the bytes received since this call. */
  until(done: (chunk: Buffer) => boolean): Promise<void>;
  write(line: string): void;
}

export async function openRawSession(servers: BenchServers, port: number): Promise<RawSession> {
  const socket = connect({ host: "127.0.0.1", port, servername: servers.host, ca: servers.caPem });
  await new Promise<void>((resolve, reject) => {
    socket.once("secureConnect", resolve).once("error", reject);
  });
  socket.setTimeout(RAW_TIMEOUT_MS, () => socket.destroy(new Error("raw session timed out")));
  let reader: ((chunk: Buffer) => void) | null = null;
  socket.on("data", (chunk: Buffer) => reader?.(chunk));
  return {
    socket,
    write: (line) => socket.write(`${line}\r\n`),
    until(done) {
      return new Promise((resolve, reject) => {
        const fail = (error: Error) => reject(error);
        socket.once("error", fail);
        reader = (chunk) => {
          if (!done(chunk)) return;
          reader = null;
          socket.off("error", fail);
          resolve();
        };
      });
    },
  };
}
