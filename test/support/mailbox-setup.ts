/** Puts a company and its reception mailbox straight into the database, for ingestion tests. */
import { companies, mailboxes } from "../../api/db/schema.ts";
import type { AppContext } from "../../api/context.ts";
import type { MailboxSettings } from "../../api/ingest/types.ts";
import { mailServers, type MailUser } from "../harness/index.ts";

export interface MailboxSetup {
  protocol?: "imap" | "pop3";
  security?: "ssl" | "starttls" | "none";
  /** Another port than the harness's (a fault proxy in front of it, say). */
  port?: number;
  companyNit?: string | null;
  backupEmail?: string | null;
  passwordExpiresOn?: string | null;
  notificationEmail?: string | null;
}

export async function setupMailbox(ctx: AppContext, user: MailUser, options: MailboxSetup = {}) {
  const servers = mailServers();
  const protocol = options.protocol ?? "imap";
  const security = options.security ?? "ssl";
  const defaultPort = {
    imap: security === "ssl" ? servers.imapsPort : servers.imapPort,
    pop3: security === "ssl" ? servers.pop3sPort : servers.pop3Port,
  }[protocol];
  const port = options.port ?? defaultPort;
  const [company] = await ctx.db
    .insert(companies)
    .values({ name: "Comprador de Prueba", nit: options.companyNit ?? null })
    .returning({ id: companies.id });
  await ctx.db.insert(mailboxes).values({
    companyId: company!.id,
    serverType: "basic",
    protocol,
    host: servers.host,
    port,
    security,
    username: user.user,
    passwordEnc: await ctx.secrets.seal(user.password),
    backupEmail: options.backupEmail ?? (protocol === "pop3" ? "respaldo@buzon.test" : null),
    passwordExpiresOn: options.passwordExpiresOn ?? null,
    notificationEmail: options.notificationEmail ?? null,
    tlsCa: servers.caPem,
  });
  return company!.id;
}

/**
 * A mailbox on the harness's Dovecot as a run reads its settings: IMAPS with the test CA, the
 * user's own login, the usual folders. `overrides` change any of it (protocol, port, OAuth…).
 */
export function harnessSettings(
  user: Pick<MailUser, "user" | "password">,
  overrides: Partial<MailboxSettings> = {},
): MailboxSettings {
  const servers = mailServers();
  return {
    id: 0,
    companyId: 0,
    serverType: "basic",
    protocol: "imap",
    host: servers.host,
    port: servers.imapsPort,
    security: "ssl",
    username: user.user,
    password: user.password,
    passwordExpiresOn: null,
    notificationEmail: null,
    backupEmail: null,
    folders: { inbox: "INBOX", processed: "Procesados", failed: "Fallidos" },
    tlsCa: servers.caPem,
    ...overrides,
  };
}
