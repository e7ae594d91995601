/**
 * Fills mailboxes fast: each e-mail is written straight into the user's Maildir `new/` folder as
 * Dovecot's own deliveries are (owned by nobody, S= and W= sizes in the name), then one IMAP
 * SELECT lets Dovecot index them all, so that cost is paid here and not by the first reader.
 */
import { chownSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ImapFlow } from "imapflow";
import { NOBODY, type BenchServers } from "./mail-servers.ts";

export interface Mailbox {
  user: string;
  password: string;
}

const made = new Set<string>();

function ensureMaildir(servers: BenchServers, user: string): string {
  const home = join(servers.mailDir, user);
  const maildir = join(home, "Maildir");
  if (made.has(maildir)) return join(maildir, "new");
  made.add(maildir);
  for (const dir of [home, maildir, ...["cur", "new", "tmp"].map((d) => join(maildir, d))]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chownSync(dir, NOBODY, NOBODY);
  }
  return join(maildir, "new");
}

let sequence = 0;

/** Writes one e-mail into each mailbox's inbox (the same bytes: each mailbox is its own test). */
export function deliver(servers: BenchServers, users: string[], raw: Uint8Array): void {
  sequence += 1;
  const seconds = Math.floor(Date.now() / 1000);
  // CRLF files: the size and the virtual (CRLF) size are the same.
  const name = `${seconds}.M${sequence}P${process.pid}.buzon-bench,S=${raw.length},W=${raw.length}`;
  for (const user of users) {
    const file = join(ensureMaildir(servers, user), name);
    writeFileSync(file, raw, { mode: 0o600 });
    chownSync(file, NOBODY, NOBODY);
  }
}

/** Logs in and selects the inbox once, so Dovecot indexes the delivered files now. */
export async function indexInbox(servers: BenchServers, box: Mailbox): Promise<number> {
  const client = new ImapFlow({
    host: servers.host,
    port: servers.imapsPort,
    secure: true,
    tls: { ca: servers.caPem },
    auth: { user: box.user, pass: box.password },
    logger: false,
  });
  await client.connect();
  try {
    const mailbox = await client.mailboxOpen("INBOX");
    return mailbox.exists;
  } finally {
    await client.logout().catch(() => client.close());
  }
}
