/**
 * What the API answers, for the extension and any other client. Dates are YYYY-MM-DD, times are
 * ISO-8601 in UTC, amounts are decimal strings as written in the XML.
 */
import type { ConnectionTestResult, RunSummary } from "../api/ingest/types.ts";
import type { MailProtocol, MailSecurity } from "./providers.ts";
import type { FieldIssue, ServerType } from "./reception-config.ts";

export type { ConnectionTestResult, RunSummary, FieldIssue };

export interface ApiError {
  error: {
    code: string;
    /** Spanish, safe to show as it is. */
    message: string;
    details?: Record<string, unknown>;
    /** Only for INVALID_INPUT: one entry per field issue. */
    issues?: FieldIssue[];
  };
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface Health {
  ok: true;
  version: string;
}

export interface CompanyView {
  name: string | null;
  /** Digits only, without the check digit. */
  nit: string | null;
  dv: string | null;
}

/** The saved form: every field but the password, which is only ever said to be set. */
export interface ReceptionConfigView {
  serverType: ServerType;
  protocol: MailProtocol;
  host: string;
  port: number;
  security: MailSecurity;
  username: string;
  /** false for OAuth mailboxes: they sign in with the provider's token, never a password. */
  passwordSet: boolean;
  passwordExpiresOn: string | null;
  notificationEmail: string | null;
  backupEmail: string | null;
  folders: { inbox: string; processed: string; failed: string };
  tlsCa: string | null;
  updatedAt: string | null;
}

export interface DocumentSummary {
  id: number;
  cufe: string;
  kind: string;
  typeCode: string;
  number: string;
  prefix: string | null;
  environment: string | null;
  issueDate: string;
  issueTime: string | null;
  dueDate: string | null;
  supplierNit: string;
  supplierName: string | null;
  customerNit: string;
  customerName: string | null;
  currency: string;
  payableAmount: string;
  taxInclusiveAmount: string | null;
  taxAmount: string | null;
  messageId: number;
  hasPdf: boolean;
  hasAttachedDocument: boolean;
  createdAt: string;
}

export interface DocumentDetail extends DocumentSummary {
  pdfName: string | null;
  /** The whole extraction (parties, totals, taxes, DIAN validation) as the reader gave it. */
  details: unknown;
}

export interface MessageView {
  id: number;
  subject: string | null;
  sender: string | null;
  receivedAt: string | null;
  outcome: string;
  reasonCode: string | null;
  /** Spanish reason for reasonCode. */
  reason: string | null;
  /** The subject read as DIAN's fields: who sent what, even when the e-mail failed. */
  subjectHint: {
    supplierNit: string | null;
    supplierName: string | null;
    documentNumber: string | null;
    typeCode: string | null;
  } | null;
  /** Where the e-mail went: the IMAP folder, or the POP3 backup address. */
  settledTo: string | null;
  documentsFound: number;
  seen: boolean;
  createdAt: string;
}

/** What one ingestion run counted, as the run's answer and the runs list both show it. */
export interface RunCounts {
  fetched: number;
  processed: number;
  failed: number;
  duplicates: number;
  events: number;
  settled: number;
  /** Messages stored but not yet moved/forwarded/deleted (e.g. POP3 without BUZON_SMTP_URL). */
  pending: number;
}

export interface RunView extends RunCounts {
  id: number;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  ms: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  notes: string[];
}

export interface StatusView {
  failed: { total: number; unseen: number };
  lastRun: RunView | null;
  mailbox: {
    /** never | ok | error | needs_signin (OAuth: sign in again); null without a mailbox. */
    state: string | null;
    lastErrorCode: string | null;
    lastErrorMessage: string | null;
    configured: boolean;
    /** false while the mailbox is not being read (failing runs, or none good for hours). */
    healthy?: boolean;
    /** Start of the last good run. */
    lastSuccessAt?: string | null;
    /** First failed run since the last good one. */
    failingSince?: string | null;
  };
  /** Calendar days in America/Bogota until the password expires; negative once past. */
  passwordExpiresInDays: number | null;
  /** The company's OAuth sign-in (Microsoft or Google); absent when there is none. */
  signIn?: SignInView;
}

export interface SignInView {
  provider: "microsoft" | "google";
  /** Who signed in, when the provider said. */
  account: string | null;
  /**
   * active | needs_signin (the user must sign in again; the badge warns) | client_rejected (the
   * provider refuses Buzón's app registration, e.g. an expired client secret: the operator fixes
   * it, `problem` says how).
   */
  state: string;
  /** Why the sign-in does not work when that is not the user's to fix: a stable code, Spanish. */
  problem?: { code: string; message: string };
  /** Last time the provider gave Buzón tokens. */
  refreshedAt: string;
  /** Days left before the provider's inactivity limit (90 days unused) would end the sign-in. */
  inactivityLimitInDays: number;
}
