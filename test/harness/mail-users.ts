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
export function createMailUser(prefix = "user"): MailUser {
  const safePrefix = prefix.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  const user = `${safePrefix}-${randomBytes(6).toString("hex")}`;
  const password = randomBytes(12).toString("base64url");

  // Written whole then renamed into place, so Dovecot never reads a half-written line.
  const file = join(inject("mailServers").passwdDir, user);
  writeFileSync(`${file}.tmp`, `${user}:${password}\n`, { mode: 0o644 });
  renameSync(`${file}.tmp`, file);
  return { user, password, email: `${user}@buzon.test` };
}
