/**
 * Everything the core needs from the outside world, chosen by the entry point (Node host, CLI,
 * tests, later Workers): the core reaches I/O only through these.
 */
import type { Db } from "./db/client.ts";
import type { Logger } from "./lib/logger.ts";
import type { SecretBox } from "./security/secrets.ts";
import type { BlobStore } from "./store/blobs.ts";
import type { Mailer } from "./alerts/mailer.ts";
import type { LookupHost } from "./security/host-policy.ts";
import type { OAuthSettings } from "./oauth/providers.ts";
import type { MailResolver } from "./discovery/dns.ts";

export interface AppContext {
  db: Db;
  blobs: BlobStore;
  secrets: SecretBox;
  /** Buzón's own outgoing mail (BUZON_SMTP_URL); null when not configured. */
  mailer: Mailer | null;
  logger: Logger;
  /** Injected so tests can move time (password-expiry alerts). */
  now: () => Date;
  /** BUZON_ALLOW_PRIVATE_HOSTS: mailbox hosts on loopback/private ranges are allowed. */
  allowPrivateHosts: boolean;
  /** Mailbox ports allowed beside the standard mail ports (security/host-policy.ts). */
  allowedPorts?: number[];
  /** Resolves mailbox host names; the system resolver when absent (tests bring their own). */
  lookupHost?: LookupHost;
  /** OAuth 2.0 app registrations and endpoints; absent: no OAuth provider is enabled. */
  oauth?: OAuthSettings;
  /** SRV/MX answers for discovery from elsewhere than node:dns (DoH on Workers). */
  resolver?: MailResolver;
  /** DNS servers for provider discovery (BUZON_DNS_SERVERS); the system's when absent. */
  dnsServers?: string[];
  /** How long a mail server may stay silent on a command; COMMAND_TIMEOUT_MS when absent. */
  commandTimeoutMs?: number;
  /** Workers: the request header the platform sets to the client's address (CF-Connecting-IP). */
  clientAddressHeader?: string;
  /** Workers: only implicit TLS reaches mail servers (security/host-policy.ts). */
  implicitTlsOnly?: boolean;
  /** Identifies this process in leases. */
  instanceId: string;
}
