import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Times are ISO-8601 strings in UTC; dates (issue dates, password expiry) are YYYY-MM-DD. */
const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const companies = sqliteTable("companies", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name"),
  nit: text("nit"),
  createdAt: createdAt(),
});

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    /** SHA-256 of the token, hex; the token itself is never stored. */
    tokenHash: text("token_hash").notNull(),
    label: text("label"),
    createdAt: createdAt(),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash)],
);

/** The reception mailbox of a company: the settings form, one per company. */
export const mailboxes = sqliteTable(
  "mailboxes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    serverType: text("server_type").notNull(),
    protocol: text("protocol").notNull(),
    host: text("host").notNull(),
    port: integer("port").notNull(),
    security: text("security").notNull(),
    username: text("username").notNull(),
    /** AES-256-GCM envelope (security/secrets.ts); never leaves the API. */
    passwordEnc: text("password_enc").notNull(),
    passwordExpiresOn: text("password_expires_on"),
    notificationEmail: text("notification_email"),
    backupEmail: text("backup_email"),
    folderInbox: text("folder_inbox").notNull().default("INBOX"),
    folderProcessed: text("folder_processed").notNull().default("Procesados"),
    folderFailed: text("folder_failed").notNull().default("Fallidos"),
    tlsCa: text("tls_ca"),
    /** never | ok | error */
    state: text("state").notNull().default("never"),
    lastErrorCode: text("last_error_code"),
    lastErrorMessage: text("last_error_message"),
    lastRunAt: text("last_run_at"),
    /** Start of the last run that finished ok. */
    lastSuccessAt: text("last_success_at"),
    /** First failed run since the last good one; null while runs succeed. */
    failingSince: text("failing_since"),
    /** When the "mailbox not working" alert went out for the current incident; null when healthy. */
    healthAlertAt: text("health_alert_at"),
    /** Which expiry alerts went out, as "<expiry date>:<kind>" entries, comma separated. */
    expiryAlertsSent: text("expiry_alerts_sent").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: text("updated_at"),
  },
  (t) => [uniqueIndex("mailboxes_company").on(t.companyId)],
);

/** One row per mailbox being ingested: keeps two runs, in any process, off one mailbox. */
export const leases = sqliteTable("leases", {
  mailboxId: integer("mailbox_id").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

export const runs = sqliteTable(
  "runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    companyId: integer("company_id").notNull(),
    mailboxId: integer("mailbox_id").notNull(),
    trigger: text("trigger").notNull(),
    startedAt: text("started_at").notNull(),
    finishedAt: text("finished_at"),
    /** running | ok | failed | busy */
    status: text("status").notNull(),
    fetched: integer("fetched").notNull().default(0),
    processed: integer("processed").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    duplicates: integer("duplicates").notNull().default(0),
    events: integer("events").notNull().default(0),
    settled: integer("settled").notNull().default(0),
    pending: integer("pending").notNull().default(0),
    ms: integer("ms"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    notes: text("notes"),
  },
  (t) => [index("runs_company").on(t.companyId, t.id)],
);

/**
 * Every e-mail seen, keyed by where it sits on the server. Written, with its documents, in one
 * transaction before any move, forward or delete: `settleState` then walks
 * stored → (forwarded →) settled, so a crash repeats no side effect.
 */
export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    companyId: integer("company_id").notNull(),
    mailboxId: integer("mailbox_id").notNull(),
    /** "imap:<uidvalidity>:<uid>" or "pop3:<uidl>" */
    sourceKey: text("source_key").notNull(),
    protocol: text("protocol").notNull(),
    uidValidity: text("uid_validity"),
    uid: integer("uid"),
    uidl: text("uidl"),
    messageIdHeader: text("message_id_header"),
    sha256: text("sha256").notNull(),
    size: integer("size").notNull(),
    subject: text("subject"),
    /** The subject read as DIAN's six fields (Anexo 1.9 §9.1), as JSON; only a hint. */
    subjectHint: text("subject_hint"),
    sender: text("sender"),
    receivedAt: text("received_at"),
    /** processed | failed | duplicate | event */
    outcome: text("outcome").notNull(),
    reasonCode: text("reason_code"),
    reasonDetail: text("reason_detail"),
    documentsFound: integer("documents_found").notNull().default(0),
    rawBlob: text("raw_blob"),
    /** Files found in the message (ZIP, XML, PDF) as JSON: [{ name, contentType, sha256, size }]. */
    files: text("files"),
    /** stored | forwarded | settled */
    settleState: text("settle_state").notNull(),
    settledTo: text("settled_to"),
    seen: integer("seen", { mode: "boolean" }).notNull().default(false),
    runId: integer("run_id"),
    createdAt: createdAt(),
    settledAt: text("settled_at"),
  },
  (t) => [
    uniqueIndex("messages_source").on(t.mailboxId, t.sourceKey),
    index("messages_company_outcome").on(t.companyId, t.outcome, t.id),
    index("messages_settle").on(t.mailboxId, t.settleState),
    index("messages_hash").on(t.companyId, t.sha256),
  ],
);

export const documents = sqliteTable(
  "documents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    companyId: integer("company_id").notNull(),
    messageId: integer("message_id").notNull(),
    cufe: text("cufe").notNull(),
    kind: text("kind").notNull(),
    typeCode: text("type_code").notNull(),
    number: text("number").notNull(),
    prefix: text("prefix"),
    environment: text("environment"),
    issueDate: text("issue_date").notNull(),
    issueTime: text("issue_time"),
    dueDate: text("due_date"),
    supplierNit: text("supplier_nit").notNull(),
    supplierName: text("supplier_name"),
    customerNit: text("customer_nit").notNull(),
    customerName: text("customer_name"),
    currency: text("currency").notNull(),
    payableAmount: text("payable_amount").notNull(),
    taxInclusiveAmount: text("tax_inclusive_amount"),
    taxAmount: text("tax_amount"),
    /** The whole extraction (parties, totals, taxes, validation) as JSON, without the bytes. */
    details: text("details").notNull(),
    xmlBlob: text("xml_blob").notNull(),
    attachedDocumentBlob: text("attached_document_blob"),
    pdfBlob: text("pdf_blob"),
    pdfName: text("pdf_name"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("documents_company_cufe").on(t.companyId, t.cufe),
    index("documents_company_issue").on(t.companyId, t.issueDate, t.id),
    index("documents_company_supplier").on(t.companyId, t.supplierNit),
  ],
);

export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    companyId: integer("company_id").notNull(),
    messageId: integer("message_id").notNull(),
    code: text("code"),
    description: text("description"),
    documentCufe: text("document_cufe"),
    cude: text("cude"),
    issueDate: text("issue_date"),
    xmlBlob: text("xml_blob").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("events_company").on(t.companyId, t.id)],
);

/**
 * A company's OAuth 2.0 sign-in (Microsoft or Google), one per company. The refresh token is
 * sealed (security/secrets.ts) and replaced in one UPDATE each time the provider rotates it; the
 * refresh lease keeps two processes from spending the same refresh token at once.
 */
export const oauthGrants = sqliteTable(
  "oauth_grants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    /** microsoft | google */
    provider: text("provider").notNull(),
    /** Who signed in, when the provider said so; a shared mailbox is named on the mailbox. */
    account: text("account"),
    refreshTokenEnc: text("refresh_token_enc").notNull(),
    accessTokenEnc: text("access_token_enc"),
    /** Epoch ms. */
    accessExpiresAt: integer("access_expires_at"),
    scope: text("scope"),
    /**
     * Device-code grants belong to a public client: Microsoft refuses a secret when they are
     * refreshed. 1: refresh without the client secret.
     */
    publicClient: integer("public_client", { mode: "boolean" }).notNull().default(false),
    /** active | needs_signin */
    status: text("status").notNull().default("active"),
    /** Last time the provider gave tokens (sign-in or refresh): inactivity limits count from it. */
    refreshedAt: text("refreshed_at").notNull(),
    /** Bumped on every stored token set: a compare-and-swap guard and a count of rotations. */
    generation: integer("generation").notNull().default(1),
    refreshHolder: text("refresh_holder"),
    /** Epoch ms. */
    refreshLeaseUntil: integer("refresh_lease_until"),
    lastErrorCode: text("last_error_code"),
    /** Alerts already sent, as "<kind>:<key>" entries, comma separated. */
    alertsSent: text("alerts_sent").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: text("updated_at"),
  },
  (t) => [uniqueIndex("oauth_grants_company").on(t.companyId)],
);

/**
 * A sign-in in progress: authorization code with PKCE, or device code. Found by the hash of its
 * `state`, bound to the company that started it, dead after `expiresAt`.
 */
export const oauthFlows = sqliteTable(
  "oauth_flows",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    companyId: integer("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    /** code | device */
    kind: text("kind").notNull(),
    /** SHA-256 of the state, hex: the state itself travels in URLs and is never stored. */
    stateHash: text("state_hash").notNull(),
    /** Sealed PKCE verifier (code) or device code (device). */
    secretEnc: text("secret_enc").notNull(),
    loginHint: text("login_hint"),
    /** Where the callback sends the browser back (an extension's launchWebAuthFlow URL). */
    returnTo: text("return_to"),
    /** pending | done | failed */
    status: text("status").notNull().default("pending"),
    errorCode: text("error_code"),
    account: text("account"),
    /** Device code: seconds between polls, and when the provider was last asked (epoch ms). */
    pollInterval: integer("poll_interval"),
    polledAt: integer("polled_at"),
    /** Epoch ms. */
    expiresAt: integer("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("oauth_flows_state").on(t.stateHash)],
);

/** Who changed what, when: configuration changes and sign-ins, per company (never secrets). */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    companyId: integer("company_id").notNull(),
    at: text("at").notNull(),
    /** "token:<id>" for API calls, "cli", "oauth:<provider>", "system". */
    actor: text("actor").notNull(),
    /** reception-config.saved | reception-config.deleted | company.saved | oauth.signed-in | ... */
    action: text("action").notNull(),
    /** Non-secret detail as JSON, e.g. the names of the fields that changed. */
    detail: text("detail"),
  },
  (t) => [index("audit_company").on(t.companyId, t.id)],
);
