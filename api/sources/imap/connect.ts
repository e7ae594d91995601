import { ImapFlow } from "imapflow";
import { CONNECT_TIMEOUT_MS, COMMAND_TIMEOUT_MS, MAX_MESSAGE_BYTES } from "../../lib/limits.ts";
import type { ResolvedHost } from "../../security/host-policy.ts";
import { BuzonError } from "../../lib/errors.ts";
import { toMailError } from "../connection-errors.ts";
import { SECURITY_OPTIONS } from "../../../shared/reception-config.ts";
import type { MailboxSettings } from "../../ingest/types.ts";

/** Opens an authenticated IMAP session. TLS is always verified; `tlsCa` adds a private CA. */
export async function connectImap(
  settings: MailboxSettings,
  target: ResolvedHost,
  commandTimeoutMs = COMMAND_TIMEOUT_MS,
): Promise<ImapFlow> {
  // Never plaintext by default: an unknown mode is a bug upstream, refused before connecting.
  if (!(SECURITY_OPTIONS as readonly string[]).includes(settings.security)) {
    throw new BuzonError("INVALID_INPUT", "Modo de seguridad desconocido.");
  }
  const client = new ImapFlow({
    host: target.address,
    servername: target.servername,
    port: settings.port,
    secure: settings.security === "ssl",
    // "starttls" must upgrade or fail (no silent downgrade); "none" never upgrades.
    doSTARTTLS: settings.security === "ssl" ? undefined : settings.security === "starttls",
    tls: {
      ...(target.servername ? { servername: target.servername } : {}),
      ...(settings.tlsCa ? { ca: settings.tlsCa } : {}),
    },
    // With an access token imapflow takes OAUTHBEARER (RFC 7628) when offered, else XOAUTH2.
    auth: settings.accessToken
      ? { user: settings.username, accessToken: settings.accessToken }
      : { user: settings.username, pass: settings.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: commandTimeoutMs,
    // A literal past the message cap can only be hostile; the headroom covers FETCH framing.
    maxLiteralSize: MAX_MESSAGE_BYTES + 64 * 1024,
    maxResponseSize: MAX_MESSAGE_BYTES + 1024 * 1024,
  });
  // imapflow emits 'error' on socket failures; the pending command rejects on its own.
  client.on("error", () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.close();
    throw toMailError(error);
  }
}

export async function closeImap(client: ImapFlow): Promise<void> {
  try {
    if (client.usable) await client.logout();
  } catch {
    // The session is over either way; logout is a courtesy to the server.
  } finally {
    client.close();
  }
}
