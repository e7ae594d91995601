import type { ResolvedHost } from "../security/host-policy.ts";
import { connectPop3, loginPop3, type Pop3Client } from "../sources/pop3/index.ts";
import type { MailboxSettings } from "./types.ts";

/** A POP3 session to the checked address, signed in; the caller QUITs or closes it. */
export async function openPop3Session(
  settings: MailboxSettings,
  target: ResolvedHost,
  commandTimeoutMs?: number,
): Promise<Pop3Client> {
  const client = await connectPop3({
    commandTimeoutMs,
    host: target.address,
    servername: target.servername,
    port: settings.port,
    security: settings.security,
    ca: settings.tlsCa ?? undefined,
  });
  try {
    await loginPop3(client, settings, settings);
    return client;
  } catch (error) {
    client.close();
    throw error;
  }
}
