/**
 * The POP3 ceiling: one session, USER/PASS, STAT, then RETR of every message one after another
 * (as Buzón takes them), reading each to its terminating dot line; QUIT without DELE leaves the
 * maildrop as it was for Buzón.
 */
import type { BenchServers } from "./mail-servers.ts";
import type { Mailbox } from "./maildir.ts";
import type { RawResult } from "./raw-imap.ts";
import { openRawSession, type RawSession } from "./raw-session.ts";

const TERMINATOR = Buffer.from("\r\n.\r\n");

/** One command; `multiline` reads to the dot line (RFC 1939 §3). Answers the bytes read. */
async function command(session: RawSession, line: string, multiline: boolean) {
  let head = "";
  let bytes = 0;
  let tail = Buffer.alloc(0);
  session.write(line);
  await session.until((chunk) => {
    bytes += chunk.length;
    if (!head.includes("\r\n")) head += chunk.toString("latin1", 0, Math.min(chunk.length, 256));
    if (!multiline || head.startsWith("-ERR")) return head.includes("\r\n");
    // Only the last bytes matter: the terminator may be split across reads.
    tail = Buffer.concat([tail, chunk.subarray(Math.max(0, chunk.length - 5))]).subarray(-5);
    return tail.equals(TERMINATOR);
  });
  if (!head.startsWith("+OK")) throw new Error(`POP3 ${line.split(" ")[0]}: ${head.trim()}`);
  return { head, bytes };
}

export async function retrieveAllRawPop3(servers: BenchServers, box: Mailbox): Promise<RawResult> {
  const started = performance.now();
  const session = await openRawSession(servers, servers.pop3sPort);
  try {
    await session.until((chunk) => chunk.includes("\r\n"));
    await command(session, `USER ${box.user}`, false);
    await command(session, `PASS ${box.password}`, false);
    const stat = await command(session, "STAT", false);
    const count = Number(/^\+OK (\d+)/.exec(stat.head)?.[1] ?? 0);
    let bytes = 0;
    for (let n = 1; n <= count; n += 1) bytes += (await command(session, `RETR ${n}`, true)).bytes;
    await command(session, "QUIT", false);
    return { messages: count, bytes, ms: performance.now() - started };
  } finally {
    session.socket.destroy();
  }
}
