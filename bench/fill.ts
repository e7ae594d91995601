/** Generates a set of DIAN e-mails once and delivers each to several mailboxes. */
import { buildSizedEmail, HUGE_BYTES, LARGE_BYTES, TYPICAL_BYTES } from "./corpus.ts";
import { addMailUser, type BenchServers } from "./mail-servers.ts";
import { deliver, indexInbox, type Mailbox } from "./maildir.ts";

/** "A few" 2 MB e-mails: 3 in every 1,000. */
const LARGE_EVERY = 333;

export interface FillResult {
  boxes: Mailbox[];
  messages: number;
  bytesPerBox: number;
  ms: number;
}

function sizeAt(index: number, count: number, huge: boolean): number {
  // Early in the set, so a run stopped at a time budget has met it too.
  if (huge && index === Math.min(100, count - 1)) return HUGE_BYTES;
  return index % LARGE_EVERY === LARGE_EVERY - 1 ? LARGE_BYTES : TYPICAL_BYTES;
}

/** `count` e-mails (2 MB ones among them, one of 25 MB when `huge`) into each named mailbox. */
export async function fillMailboxes(
  servers: BenchServers,
  users: string[],
  count: number,
  huge = false,
): Promise<FillResult> {
  const started = performance.now();
  const boxes = users.map((user) => addMailUser(servers, user));
  let bytes = 0;
  for (let i = 0; i < count; i += 1) {
    const raw = buildSizedEmail(sizeAt(i, count, huge));
    bytes += raw.length;
    deliver(servers, users, raw);
  }
  for (const box of boxes) {
    const exists = await indexInbox(servers, box);
    if (exists !== count) throw new Error(`${box.user} holds ${exists} of ${count} e-mails`);
  }
  return { boxes, messages: count, bytesPerBox: bytes, ms: performance.now() - started };
}
