/** Shapes shared by the ingestion core and the routes that start it. */
import type { RunCounts } from "../../shared/api-types.ts";

import type { MailProtocol, MailSecurity } from "../../shared/providers.ts";

/** The same words the form uses (shared/providers.ts). */
export type Protocol = MailProtocol;
export type Security = MailSecurity;

/** A reception mailbox with its password opened: lives only in memory, only during a run. */
export interface MailboxSettings {
  id: number;
  companyId: number;
  serverType: string;
  protocol: Protocol;
  host: string;
  port: number;
  security: Security;
  username: string;
  password: string;
  /**
   * OAuth mailboxes (serverType oauth-*): a live access token, used with SASL OAUTHBEARER or
   * XOAUTH2 instead of the password. `username` is the mailbox (a shared one may differ from the
   * account that signed in).
   */
  accessToken?: string | null;
  /** Who signed in for `accessToken` (the grant's account); a delegate of a shared mailbox. */
  oauthAccount?: string | null;
  passwordExpiresOn: string | null;
  notificationEmail: string | null;
  backupEmail: string | null;
  folders: { inbox: string; processed: string; failed: string };
  tlsCa: string | null;
}

export type RunTrigger = "manual" | "schedule" | "cli";

export interface RunSummary extends RunCounts {
  runId: number | null;
  /** ok: the run finished; failed: an account-level error ended it; busy: another run holds the mailbox. */
  status: "ok" | "failed" | "busy";
  ms: number;
  errorCode: string | null;
  errorMessage: string | null;
  notes: string[];
}

export type ConnectionStep = "dns" | "tcp" | "tls" | "auth" | "folder";

export interface ConnectionTestResult {
  ok: boolean;
  /** The step that failed, when one did. */
  failedStep: ConnectionStep | null;
  code: string | null;
  /** Spanish explanation for the user. */
  message: string;
  /** A finer stable code, if any: BASIC_AUTH_DISABLED, SHARED_MAILBOX_ACCESS_DENIED… */
  reason?: string;
  steps: { step: ConnectionStep; ok: boolean; message?: string }[];
  /** IMAP: folders as they are (or will be) on the server, with the server's prefix and delimiter. */
  folders?: { inbox: string; processed: string; failed: string; created: string[] };
}
