/**
 * The reception form's reader, shared by the popup and the API. Every issue carries a stable code,
 * a Spanish message naming the field, and the field's path, so a form can put the message beside
 * the right input and a client can branch on the code.
 *
 * Plain functions rather than a zod schema: the popup ships this file, and zod was more than half
 * of the popup's bundle. The API wraps the same reader in zod for its routes
 * (api/routes/reception-config-schema.ts), so both sides validate with one set of rules.
 */
import {
  parseDate,
  parseEmail,
  parseFolder,
  parseHost,
  parseOption,
  parsePem,
  parsePort,
  parsePassword,
  parseUsername,
  isBlank,
  type Parsed,
} from "./field-parsers.ts";
import {
  issueMessage,
  type ReceptionFieldName,
  type ReceptionIssueCode,
} from "./reception-fields.ts";

export * from "./reception-fields.ts";

export const SERVER_TYPES = ["basic", "oauth-microsoft", "oauth-google"] as const;
export const PROTOCOLS = ["imap", "pop3"] as const;
export const SECURITY_OPTIONS = ["ssl", "starttls", "none"] as const;

export type ServerType = (typeof SERVER_TYPES)[number];
type Protocol = (typeof PROTOCOLS)[number];
type Security = (typeof SECURITY_OPTIONS)[number];

export const DEFAULT_FOLDERS = { inbox: "INBOX", processed: "Procesados", failed: "Fallidos" };

/** Passwords past this length are not passwords; 1 KB also bounds the sealed envelope. */
const MAX_PASSWORD_CHARS = 1024;

export interface FieldIssue {
  path: string;
  code: string;
  message: string;
}

/** An issue as the reader finds it; `expected` marks a value that had to be an object. */
export interface ReceptionIssue extends FieldIssue {
  expected?: "object";
}

/** The form as the API stores it: trimmed, defaults filled, blanks as null. */
export interface ReceptionConfig {
  serverType: ServerType;
  protocol: Protocol;
  host: string;
  port: number;
  security: Security;
  username: string;
  /** Null when left blank (an update keeps the saved one) and always for OAuth mailboxes. */
  password: string | null;
  passwordConfirmation: string | null;
  passwordExpiresOn: string | null;
  notificationEmail: string | null;
  backupEmail: string | null;
  folders: { inbox: string; processed: string; failed: string };
  tlsCa: string | null;
}

const NOT_AN_OBJECT = "El formulario debe ser un objeto JSON.";
const FOLDERS_NOT_AN_OBJECT = "«folders» debe ser un objeto con inbox, processed y failed.";

/**
 * Stands for a value that failed its reader, so the rules that tie fields together skip it: it
 * is not blank, not text, and equal only to itself.
 */
const FAILED: unknown = Object.freeze({ failed: true });

type Issues = ReceptionIssue[];
type FieldReader = (value: unknown, issues: Issues) => unknown;

function report(issues: Issues, field: ReceptionFieldName, code: ReceptionIssueCode): void {
  issues.push({ path: field, code, message: issueMessage(code, field) });
}

/** One form value: `read` cleans it or names the issue. An absent value reads as null. */
function field<T>(name: ReceptionFieldName, read: (v: unknown) => Parsed<T>): FieldReader {
  return (value, issues) => {
    const result = read(value === undefined ? null : value);
    if ("value" in result) return result.value;
    report(issues, name, result.issue);
    return FAILED;
  };
}

/** An optional value: blank reads as null. */
function optional<T>(name: ReceptionFieldName, read: (v: unknown) => Parsed<T>): FieldReader {
  return field<T | null>(name, (v) => (isBlank(v) ? { value: null } : read(v)));
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads each key of `readers` from `input`, in order; unknown keys are dropped. */
function readObject(
  readers: Record<string, FieldReader>,
  input: Record<string, unknown>,
  issues: Issues,
) {
  const out: Record<string, unknown> = {};
  for (const [key, read] of Object.entries(readers)) out[key] = read(input[key], issues);
  return out;
}

const FOLDER_READERS = {
  inbox: field("folders.inbox", (v) => parseFolder(v, DEFAULT_FOLDERS.inbox)),
  processed: field("folders.processed", (v) => parseFolder(v, DEFAULT_FOLDERS.processed)),
  failed: field("folders.failed", (v) => parseFolder(v, DEFAULT_FOLDERS.failed)),
};

/** Absent folders take the defaults; a value that is not an object is kept for the checks. */
function readFolders(value: unknown, issues: Issues): unknown {
  if (value === undefined || value === null) return { ...DEFAULT_FOLDERS };
  if (isObject(value)) return readObject(FOLDER_READERS, value, issues);

  issues.push({
    path: "folders",
    code: "INVALID_TYPE",
    message: FOLDERS_NOT_AN_OBJECT,
    expected: "object",
  });
  return value;
}

/** The form's fields in the order their issues are listed. */
const FORM_READERS: Record<keyof ReceptionConfig, FieldReader> = {
  serverType: field("serverType", (v) =>
    isBlank(v) ? { value: "basic" as const } : parseOption<ServerType>(v, SERVER_TYPES),
  ),
  protocol: field("protocol", (v) => parseOption<Protocol>(v, PROTOCOLS, { pop: "pop3" })),
  host: field("host", parseHost),
  port: field("port", parsePort),
  // Not starred on the seed page: SSL/TLS unless the user picks otherwise.
  security: field("security", (v) =>
    isBlank(v)
      ? { value: "ssl" as const }
      : parseOption<Security>(v, SECURITY_OPTIONS, { tls: "ssl", "ssl/tls": "ssl" }),
  ),
  username: field("username", (v) => parseUsername(v, 320)),
  password: field("password", (v) => parsePassword(v, MAX_PASSWORD_CHARS)),
  passwordConfirmation: field("passwordConfirmation", (v) => parsePassword(v, MAX_PASSWORD_CHARS)),
  passwordExpiresOn: optional("passwordExpiresOn", parseDate),
  notificationEmail: optional("notificationEmail", parseEmail),
  backupEmail: optional("backupEmail", parseEmail),
  folders: readFolders,
  tlsCa: optional("tlsCa", parsePem),
};

const sameText = (a: unknown, b: unknown) =>
  typeof a === "string" &&
  typeof b === "string" &&
  a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Hosts of Microsoft's IMAP/POP service (outlook.office365.com, outlook.office.com, *.outlook.com).
 * A domain of its own whose MX points at Microsoft 365 is found by the API (DNS), not here.
 */
export function isMicrosoftMailHost(host: unknown): boolean {
  if (typeof host !== "string") return false;
  const name = host.trim().toLowerCase().replace(/\.$/, "");
  return (
    name === "outlook.office365.com" ||
    name === "outlook.office.com" ||
    name === "outlook.com" ||
    name.endsWith(".outlook.com")
  );
}

export const isOAuthServerType = (v: unknown) => v === "oauth-microsoft" || v === "oauth-google";

function checkPassword(v: Record<string, unknown>, issues: Issues, passwordStored: boolean): void {
  if (isBlank(v.password) && !passwordStored) report(issues, "password", "REQUIRED");
  if (!isBlank(v.password) && isBlank(v.passwordConfirmation)) {
    report(issues, "passwordConfirmation", "REQUIRED");
  } else if (!isBlank(v.password) && v.password !== v.passwordConfirmation) {
    report(issues, "passwordConfirmation", "PASSWORD_MISMATCH");
  }
}

/** Rules that tie fields together; they run even when a field failed, so the form shows all. */
function checkTogether(v: Record<string, unknown>, issues: Issues, options: ReadOptions): void {
  const { passwordStored } = options;
  // OAuth mailboxes sign in with the provider's token: no password to ask for or confirm.
  if (!isOAuthServerType(v.serverType)) checkPassword(v, issues, passwordStored);
  if ((isBlank(v.serverType) || v.serverType === "basic") && isMicrosoftMailHost(v.host)) {
    report(issues, "serverType", "BASIC_AUTH_DISABLED");
  }

  if (!isBlank(v.passwordExpiresOn) && isBlank(v.notificationEmail)) {
    report(issues, "notificationEmail", "NOTIFICATION_REQUIRED");
  }
  // An expiry date already past could never be warned about (YYYY-MM-DD compares as text).
  const expires = v.passwordExpiresOn;
  const { today, keptExpiresOn } = options;
  if (today && typeof expires === "string" && /^\d{4}-\d{2}-\d{2}$/.test(expires)) {
    if (expires < today && expires !== keptExpiresOn) {
      report(issues, "passwordExpiresOn", "DATE_IN_PAST");
    }
  }

  if (v.protocol === "pop3" && isBlank(v.backupEmail)) {
    report(issues, "backupEmail", "BACKUP_REQUIRED");
  }
  if (sameText(v.backupEmail, v.username)) report(issues, "backupEmail", "BACKUP_SAME_AS_MAILBOX");

  checkFolders(v.folders, issues);
}

function checkFolders(f: unknown, issues: Issues): void {
  if (typeof f !== "object" || f === null) return;
  const { inbox, processed, failed } = f as Record<string, unknown>;
  if (sameText(processed, inbox)) report(issues, "folders.processed", "FOLDER_SAME_AS_INBOX");
  if (sameText(failed, inbox)) report(issues, "folders.failed", "FOLDER_SAME_AS_INBOX");
}

export interface ReadOptions {
  /** A password is already saved, so leaving it blank keeps it. */
  passwordStored: boolean;
  /** Today in Bogotá (YYYY-MM-DD, shared/dates.ts): an expiry date before it is refused. */
  today?: string;
  /**
   * The expiry date already saved. Sent back unchanged it is not checked against today: once it
   * passes, the mailbox's other fields must still be editable without retyping a date.
   */
  keptExpiresOn?: string | null;
}

export type ReadResult =
  { ok: true; data: ReceptionConfig } | { ok: false; issues: ReceptionIssue[] };

/**
 * Reads the form: field issues in the form's order, then those that tie fields together.
 * `passwordStored`: a password is already saved, so leaving it blank keeps it (an update);
 * otherwise the password is required (a first save, a test of an unsaved form).
 */
export function readReceptionConfig(input: unknown, options: ReadOptions): ReadResult {
  if (!isObject(input)) {
    const issues: Issues = [
      { path: "", code: "INVALID_TYPE", message: NOT_AN_OBJECT, expected: "object" },
    ];
    // An array still gets the rules that tie fields together (a missing password, for one), as
    // the API has always answered it.
    if (Array.isArray(input)) {
      checkTogether(input as never, issues, options);
    }
    return { ok: false, issues };
  }
  const issues: Issues = [];
  const form = readObject(FORM_READERS, input, issues);
  checkTogether(form, issues, options);
  if (issues.length > 0) return { ok: false, issues };

  const data = form as unknown as ReceptionConfig;
  if (!isOAuthServerType(data.serverType)) return { ok: true, data };
  return { ok: true, data: { ...data, password: null, passwordConfirmation: null } };
}

export type ValidationResult =
  { ok: true; data: ReceptionConfig } | { ok: false; issues: FieldIssue[] };

/** The form's issues as the API reports them: dotted path, stable code, Spanish message. */
export function validateReceptionConfig(
  input: unknown,
  options: ReadOptions = { passwordStored: false },
): ValidationResult {
  const result = readReceptionConfig(input, options);
  if (result.ok) return result;
  return {
    ok: false,
    issues: result.issues.map(({ path, code, message }) => ({ path, code, message })),
  };
}
