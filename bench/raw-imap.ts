/**
 * The IMAP ceiling: one session, LOGIN, SELECT, then a single `UID FETCH 1:* BODY.PEEK[]` whose
 * literals are counted and skipped, never parsed. PEEK leaves \Seen unset: Buzón reads the same
 * messages afterwards.
 */
import type { BenchServers } from "./mail-servers.ts";
import type { Mailbox } from "./maildir.ts";
import { openRawSession, type RawSession } from "./raw-session.ts";

export interface RawResult {
  messages: number;
  bytes: number;
  ms: number;
}

const LITERAL = /\{(\d+)\}\r\n$/;

/** Reads responses until the tagged one, skipping literals; counts literals and their bytes. */
function command(session: RawSession, tag: string, line: string) {
  const counts = { literals: 0, bytes: 0 };
  let skip = 0;
  let pending = "";
  let status = "";
  session.write(`${tag} ${line}`);
  const done = (chunk: Buffer) => {
    let offset = 0;
    while (offset < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - offset);
        skip -= n;
        offset += n;
        counts.bytes += n;
        continue;
      }
      const end = chunk.indexOf(10, offset);
      if (end < 0) {
        pending += chunk.toString("latin1", offset);
        return false;
      }
      const text = pending + chunk.toString("latin1", offset, end + 1);
      pending = "";
      offset = end + 1;
      const literal = LITERAL.exec(text);
      if (literal) {
        skip = Number(literal[1]);
        counts.literals += 1;
      } else if (text.startsWith(`${tag} `)) {
        status = text.trim();
        return true;
      }
    }
    return false;
  };
  return session.until(done).then(() => {
    if (!status.startsWith(`${tag} OK`)) throw new Error(`IMAP ${line.split(" ")[0]}: ${status}`);
    return counts;
  });
}

const quote = (s: string) => `"${s.replace(/(["\\])/g, "\\$1")}"`;

export async function fetchAllRawImap(servers: BenchServers, box: Mailbox): Promise<RawResult> {
  const started = performance.now();
  const session = await openRawSession(servers, servers.imapsPort);
  try {
    await session.until((chunk) => chunk.includes("\r\n"));
    await command(session, "a1", `LOGIN ${quote(box.user)} ${quote(box.password)}`);
    await command(session, "a2", "SELECT INBOX");
    const fetched = await command(session, "a3", "UID FETCH 1:* BODY.PEEK[]");
    await command(session, "a4", "LOGOUT");
    const ms = performance.now() - started;
    return { messages: fetched.literals, bytes: fetched.bytes, ms };
  } finally {
    session.socket.destroy();
  }
}
