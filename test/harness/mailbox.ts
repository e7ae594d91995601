import { ImapFlow } from "imapflow";
import { inject } from "vitest";

export interface StoredMessage {
  uid: number;
  messageId: string | undefined;
  raw: Uint8Array;
}

/** Logs in over IMAPS trusting only the test CA, runs `work`, and always logs out. */
async function withImap<T>(user: string, pass: string, work: (c: ImapFlow) => Promise<T>) {
  const servers = inject("mailServers");
  const client = new ImapFlow({
    host: servers.host,
    port: servers.imapsPort,
    secure: true,
    tls: { ca: servers.caPem },
    auth: { user, pass },
    logger: false,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Puts `raw` into the folder as is (creating the folder first) and returns its UID. */
export function appendMessage(
  user: string,
  password: string,
  raw: Uint8Array | string,
  folder = "INBOX",
): Promise<number | undefined> {
  return withImap(user, password, async (client) => {
    // imapflow answers ALREADYEXISTS (RFC 5530) with created: false, so this is safe to repeat.
    if (folder.toUpperCase() !== "INBOX") await client.mailboxCreate(folder);
    const result = await client.append(folder, Buffer.from(raw));
    return result ? result.uid : undefined;
  });
}

/** Appends many messages to the inbox over one connection (a soak fills hundreds at once). */
export function appendMany(user: string, password: string, raws: Uint8Array[]): Promise<void> {
  return withImap(user, password, async (client) => {
    for (const raw of raws) await client.append("INBOX", Buffer.from(raw));
  });
}

/** Every folder's full path, as the server names it (Dovecot's Maildir delimiter is "."). */
export function listFolders(user: string, password: string): Promise<string[]> {
  return withImap(user, password, async (client) => {
    const folders = await client.list();
    return folders.map((folder) => folder.path);
  });
}

/** Every message in the folder, oldest UID first, with its exact bytes. */
export function readFolder(user: string, password: string, folder: string) {
  return withImap(user, password, async (client): Promise<StoredMessage[]> => {
    const mailbox = await client.mailboxOpen(folder, { readOnly: true });
    if (mailbox.exists === 0) return [];

    const messages = await client.fetchAll("1:*", { uid: true, envelope: true, source: true });
    return messages
      .map((m) => ({
        uid: m.uid,
        messageId: m.envelope?.messageId,
        raw: new Uint8Array(m.source ?? Buffer.alloc(0)),
      }))
      .sort((a, b) => a.uid - b.uid);
  });
}
