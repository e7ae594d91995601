import { randomBytes } from "node:crypto";
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

export interface MailUser {
  user: string;
  password: string;
  email: string;
}

/**
 * Adds a fresh Dovecot user, so each test owns its mailbox and parallel files never meet.
 * The user gets a passwd-file of its own in `passwdDir`: Dovecot reads it on the first login,
 * while a shared file is re-checked at most once a second (see dovecot.ts).
 */
export interface MailUserOptions {
  /**
   * Dovecot settings for this user only, passed as passdb extra fields with the userdb_ prefix:
   * e.g. { "namespace/inbox/prefix": "INBOX." } or { imap_capability: "IMAP4rev1 ..." }.
   */
  settings?: Record<string, string>;
}

export function createMailUser(prefix = "user", options: MailUserOptions = {}): MailUser {
  const safePrefix = prefix.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  const user = `${safePrefix}-${randomBytes(6).toString("hex")}`;
  const password = randomBytes(12).toString("base64url");

  // Written whole then renamed into place, so Dovecot never reads a half-written line.
  const file = join(inject("mailServers").passwdDir, user);
  const extra = Object.entries(options.settings ?? {}).map(
    ([key, value]) => `userdb_${key}=${value}`,
  );
  // passwd-file fields: user:password:uid:gid:gecos:home:shell:extra fields (space separated).
  const line =
    extra.length > 0 ? `${user}:${password}::::::${extra.join(" ")}` : `${user}:${password}`;
  writeFileSync(`${file}.tmp`, `${line}\n`, { mode: 0o644 });
  renameSync(`${file}.tmp`, file);
  return { user, password, email: `${user}@buzon.test` };
}
