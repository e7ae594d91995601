/**
 * The reception form as one zod schema, shared by the popup and the API. Every issue carries a
 * stable code (params.code), a Spanish message naming the field, and the field's path, so a form
 * can put the message beside the right input and a client can branch on the code.
 */
import { z } from "zod";
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
  parseText,
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

type Ctx = z.RefinementCtx;

function report(ctx: Ctx, field: ReceptionFieldName, code: ReceptionIssueCode): void {
  const path = field.split(".");
  ctx.addIssue({ code: "custom", path, message: issueMessage(code, field), params: { code } });
}

/** One form value: `read` cleans it or names the issue. */
function field<T>(name: ReceptionFieldName, read: (v: unknown) => Parsed<T>) {
  const schema = z.unknown().transform((v, ctx) => {
    const result = read(v);
    if ("value" in result) return result.value;
    const code = result.issue;
    ctx.addIssue({ code: "custom", message: issueMessage(code, name), params: { code } });
    return z.NEVER;
  });
  // An absent key reads as null, so `read` decides on defaults and REQUIRED itself; without
  // this, zod 4 reports absent keys of a transform as "nonoptional" in English.
  return schema.prefault(null);
}

/** An optional value: blank reads as null. */
function optional<T>(name: ReceptionFieldName, read: (v: unknown) => Parsed<T>) {
  return field<T | null>(name, (v) => (isBlank(v) ? { value: null } : read(v)));
}

const folders = z
  .object(
    {
      inbox: field("folders.inbox", (v) => parseFolder(v, DEFAULT_FOLDERS.inbox)),
      processed: field("folders.processed", (v) => parseFolder(v, DEFAULT_FOLDERS.processed)),
      failed: field("folders.failed", (v) => parseFolder(v, DEFAULT_FOLDERS.failed)),
    },
    { error: "«folders» debe ser un objeto con inbox, processed y failed." },
  )
  .nullish()
  .transform((f) => f ?? { ...DEFAULT_FOLDERS });

const NOT_AN_OBJECT = "El formulario debe ser un objeto JSON.";

const shape = {
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
      : parseOption<Security>(v, SECURITY_OPTIONS, { tls: "ssl" }),
  ),
  username: field("username", (v) => parseUsername(v, 320)),
  password: field("password", (v) => parsePassword(v, MAX_PASSWORD_CHARS)),
  passwordConfirmation: field("passwordConfirmation", (v) => parsePassword(v, MAX_PASSWORD_CHARS)),
  passwordExpiresOn: optional("passwordExpiresOn", parseDate),
  notificationEmail: optional("notificationEmail", parseEmail),
  backupEmail: optional("backupEmail", parseEmail),
  folders,
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

function checkPassword(v: Record<string, unknown>, ctx: Ctx, passwordStored: boolean): void {
  if (isBlank(v.password) && !passwordStored) report(ctx, "password", "REQUIRED");
  if (!isBlank(v.password) && isBlank(v.passwordConfirmation)) {
    report(ctx, "passwordConfirmation", "REQUIRED");
  } else if (!isBlank(v.password) && v.password !== v.passwordConfirmation) {
    report(ctx, "passwordConfirmation", "PASSWORD_MISMATCH");
  }
}

/** Rules that tie fields together; they run even when a field failed, so the form shows all. */
function checkTogether(v: Record<string, unknown>, ctx: Ctx, passwordStored: boolean): void {
  // OAuth mailboxes sign in with the provider's token: no password to ask for or confirm.
  if (!isOAuthServerType(v.serverType)) checkPassword(v, ctx, passwordStored);
  if ((isBlank(v.serverType) || v.serverType === "basic") && isMicrosoftMailHost(v.host)) {
    report(ctx, "serverType", "BASIC_AUTH_DISABLED");
  }

  if (!isBlank(v.passwordExpiresOn) && isBlank(v.notificationEmail)) {
    report(ctx, "notificationEmail", "NOTIFICATION_REQUIRED");
  }

  if (v.protocol === "pop3" && isBlank(v.backupEmail)) {
    report(ctx, "backupEmail", "BACKUP_REQUIRED");
  }
  if (sameText(v.backupEmail, v.username)) report(ctx, "backupEmail", "BACKUP_SAME_AS_MAILBOX");

  checkFolders(v.folders, ctx);
}

function checkFolders(f: unknown, ctx: Ctx): void {
  if (typeof f !== "object" || f === null) return;
  const { inbox, processed, failed } = f as Record<string, unknown>;
  if (sameText(processed, inbox)) report(ctx, "folders.processed", "FOLDER_SAME_AS_INBOX");
  if (sameText(failed, inbox)) report(ctx, "folders.failed", "FOLDER_SAME_AS_INBOX");
}

/**
 * The form's schema. `passwordStored`: a password is already saved, so leaving it blank keeps it
 * (an update); otherwise the password is required (a first save, a test of an unsaved form).
 */
export function receptionConfigSchema(options: { passwordStored: boolean }) {
  const together = (v: Record<string, unknown>, ctx: Ctx) =>
    checkTogether(v, ctx, options.passwordStored);
  return z
    .object(shape, { error: NOT_AN_OBJECT })
    .superRefine(together, {
      when: (payload) => typeof payload.value === "object" && payload.value !== null,
    })
    .transform((form) =>
      isOAuthServerType(form.serverType)
        ? { ...form, password: null, passwordConfirmation: null }
        : form,
    );
}

export const ReceptionConfigSchema = receptionConfigSchema({ passwordStored: false });
export const ReceptionConfigUpdateSchema = receptionConfigSchema({ passwordStored: true });

export type ReceptionConfig = z.output<typeof ReceptionConfigSchema>;

/** Issues as the API reports them: dotted path, stable code, Spanish message. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    code: issue.code === "custom" ? String(issue.params?.code ?? "INVALID") : "INVALID_TYPE",
    message: issue.message,
  }));
}

export type ValidationResult =
  { ok: true; data: ReceptionConfig } | { ok: false; issues: FieldIssue[] };

export function validateReceptionConfig(
  input: unknown,
  options: { passwordStored: boolean } = { passwordStored: false },
): ValidationResult {
  const result = receptionConfigSchema(options).safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, issues: toFieldIssues(result.error) };
}
