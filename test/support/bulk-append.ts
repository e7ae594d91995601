/** Appends many messages over one IMAPS connection (the harness's appendMessage opens one each). */
import { ImapFlow } from "imapflow";
import { mailServers } from "../harness/index.ts";

export async function appendMany(user: string, pass: string, raws: Uint8Array[]): Promise<void> {
  const servers = mailServers();
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
    for (const raw of raws) await client.append("INBOX", Buffer.from(raw));
  } finally {
    await client.logout().catch(() => client.close());
  }
}
