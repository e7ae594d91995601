import { describe, expect, it } from "vitest";
import {
  RECEPTION_FIELDS,
  RECEPTION_FIELD_NAMES,
  validateReceptionConfig,
  type FieldIssue,
} from "./reception-config.ts";

/** The seed page's Outlook example, on a host that still takes passwords (Microsoft's do not). */
const imapForm = {
  serverType: "basic",
  protocol: "imap",
  host: "mail.empresa.com.co",
  port: 993,
  security: "ssl",
  username: "correorecepcionfacturae@outlook.com",
  password: "s3creta",
  passwordConfirmation: "s3creta",
};

function issuesOf(input: unknown, passwordStored = false): FieldIssue[] {
  const result = validateReceptionConfig(input, { passwordStored });
  return result.ok ? [] : result.issues;
}

const codes = (issues: FieldIssue[]) => issues.map((i) => `${i.path}:${i.code}`);

describe("validateReceptionConfig", () => {
  it("refuses the seed page's Outlook example with basic auth and says what to choose", () => {
    const issues = issuesOf({ ...imapForm, host: "outlook.office365.com" });
    expect(codes(issues)).toEqual(["serverType:BASIC_AUTH_DISABLED"]);
    expect(issues[0]!.message).toContain("Microsoft 365 / Outlook (OAuth 2.0)");
    expect(codes(issuesOf({ ...imapForm, host: "imap-mail.outlook.com" }))).toEqual([
      "serverType:BASIC_AUTH_DISABLED",
    ]);
  });

  it("accepts Microsoft and Google OAuth mailboxes without a password, and drops one sent", () => {
    const { password: _p, passwordConfirmation: _c, ...noPassword } = imapForm;
    const microsoft = {
      ...noPassword,
      serverType: "oauth-microsoft",
      host: "outlook.office365.com",
    };
    expect(issuesOf(microsoft)).toEqual([]);
    const google = { ...imapForm, serverType: "oauth-google", host: "imap.gmail.com" };
    const result = validateReceptionConfig(google);
    expect(result.ok && result.data).toMatchObject({ serverType: "oauth-google", password: null });
  });

  it("accepts the form with basic auth and fills the default folders", () => {
    const result = validateReceptionConfig(imapForm);
    expect(result.ok && result.data).toMatchObject({
      protocol: "imap",
      port: 993,
      passwordExpiresOn: null,
      folders: { inbox: "INBOX", processed: "Procesados", failed: "Fallidos" },
    });
  });

  it("reads what an HTML form sends: digits as text, POP in capitals, blanks as absent", () => {
    const form = { ...imapForm, protocol: "POP", port: "995", backupEmail: "respaldo@empresa.co" };
    const result = validateReceptionConfig({ ...form, passwordExpiresOn: "", tlsCa: "" });
    expect(result.ok && result.data).toMatchObject({ protocol: "pop3", port: 995, tlsCa: null });
  });

  it("names every missing required field with REQUIRED and its Spanish label", () => {
    const issues = issuesOf({});
    expect(codes(issues)).toEqual(
      expect.arrayContaining([
        "protocol:REQUIRED",
        "host:REQUIRED",
        "port:REQUIRED",
        "username:REQUIRED",
        "password:REQUIRED",
      ]),
    );
    expect(issues.find((i) => i.path === "host")?.message).toContain("«Servidor»");
  });

  it("reports a password mismatch on the confirmation", () => {
    const issues = issuesOf({ ...imapForm, passwordConfirmation: "otra" });
    expect(codes(issues)).toEqual(["passwordConfirmation:PASSWORD_MISMATCH"]);
  });

  it("requires a backup address for POP3", () => {
    expect(codes(issuesOf({ ...imapForm, protocol: "pop3" }))).toEqual([
      "backupEmail:BACKUP_REQUIRED",
    ]);
  });

  it("refuses a backup address equal to the mailbox's own", () => {
    const form = {
      ...imapForm,
      protocol: "pop3",
      backupEmail: " CorreoRecepcionFacturae@outlook.com",
    };
    expect(codes(issuesOf(form))).toEqual(["backupEmail:BACKUP_SAME_AS_MAILBOX"]);
  });

  it("requires a notification address when an expiry date is given", () => {
    const form = { ...imapForm, passwordExpiresOn: "2026-03-01" };
    expect(codes(issuesOf(form))).toEqual(["notificationEmail:NOTIFICATION_REQUIRED"]);
  });

  it("refuses an expiry date before today, when the caller says which day today is", () => {
    const form = { ...imapForm, passwordExpiresOn: "2026-03-01", notificationEmail: "ti@x.co" };
    const on = (today: string) => {
      const result = validateReceptionConfig(form, { passwordStored: false, today });
      return result.ok ? [] : codes(result.issues);
    };
    expect(on("2026-03-02")).toEqual(["passwordExpiresOn:DATE_IN_PAST"]);
    expect(on("2026-03-01")).toEqual([]);
    expect(on("2025-12-31")).toEqual([]);
    // The date already saved, sent back as it is, stays editable around it.
    const kept = validateReceptionConfig(form, {
      passwordStored: true,
      today: "2026-03-02",
      keptExpiresOn: "2026-03-01",
    });
    expect(kept.ok).toBe(true);
    // A date that is not one is INVALID_DATE only, never also "past".
    const bad = { ...form, passwordExpiresOn: "2026-02-30" };
    const result = validateReceptionConfig(bad, { passwordStored: false, today: "2027-01-01" });
    expect(result.ok ? [] : codes(result.issues)).toEqual(["passwordExpiresOn:INVALID_DATE"]);
  });

  // A plain object's inherited names are not options (they once passed as aliases).
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"])(
    "refuses %s in every option field",
    (value) => {
      for (const field of ["serverType", "protocol", "security"]) {
        expect(codes(issuesOf({ ...imapForm, [field]: value }))).toEqual([
          `${field}:INVALID_OPTION`,
        ]);
      }
    },
  );

  it.each(["ssl", "SSL", "tls", "SSL/TLS"])("reads security %s as SSL/TLS", (security) => {
    const result = validateReceptionConfig({ ...imapForm, security });
    expect(result.ok && result.data.security).toBe("ssl");
  });

  it.each([0, 65536, 99.5, "abc", -1])("refuses port %s", (port) => {
    expect(codes(issuesOf({ ...imapForm, port }))).toEqual(["port:INVALID_PORT"]);
  });

  it.each(["2026-02-30", "01/03/2026", "2026-3-1"])("refuses the date %s", (date) => {
    const form = { ...imapForm, passwordExpiresOn: date, notificationEmail: "ti@empresa.co" };
    expect(codes(issuesOf(form))).toEqual(["passwordExpiresOn:INVALID_DATE"]);
  });

  it.each(["imaps://outlook.office365.com", "mail.empresa.co:993", "mail empresa", "-bad.com"])(
    "refuses the host %s",
    (host) => expect(codes(issuesOf({ ...imapForm, host }))).toEqual(["host:INVALID_HOST"]),
  );

  it("refuses malformed addresses, options and certificates", () => {
    const form = {
      ...imapForm,
      security: "tls1.0",
      passwordExpiresOn: "2026-03-01",
      notificationEmail: "no-es-correo",
      tlsCa: "hola",
    };
    expect(codes(issuesOf(form))).toEqual([
      "security:INVALID_OPTION",
      "notificationEmail:INVALID_EMAIL",
      "tlsCa:INVALID_CERTIFICATE",
    ]);
  });

  it("shows cross-field issues together with field issues", () => {
    const form = { ...imapForm, port: "x", passwordConfirmation: "y" };
    expect(codes(issuesOf(form))).toEqual([
      "port:INVALID_PORT",
      "passwordConfirmation:PASSWORD_MISMATCH",
    ]);
  });

  it("lets an update leave the password blank, but checks a new one's confirmation", () => {
    const { password: _p, passwordConfirmation: _c, ...withoutPassword } = imapForm;
    expect(issuesOf(withoutPassword, true)).toEqual([]);
    expect(codes(issuesOf({ ...withoutPassword, password: "nueva" }, true))).toEqual([
      "passwordConfirmation:REQUIRED",
    ]);
  });

  it("keeps the password exactly as typed, spaces included", () => {
    const form = { ...imapForm, password: " a b ", passwordConfirmation: " a b " };
    const result = validateReceptionConfig(form);
    expect(result.ok && result.data.password).toBe(" a b ");
  });

  it("refuses folders that repeat the inbox or carry control characters", () => {
    const form = {
      ...imapForm,
      folders: { inbox: "INBOX", processed: "inbox", failed: "Fa\u0000" },
    };
    expect(codes(issuesOf(form))).toEqual([
      "folders.failed:INVALID_FOLDER",
      "folders.processed:FOLDER_SAME_AS_INBOX",
    ]);
  });

  it("refuses a body that is not an object", () => {
    expect(codes(issuesOf("hola"))).toEqual([":INVALID_TYPE"]);
  });
});

describe("RECEPTION_FIELDS", () => {
  it("carries the seed page's labels and a help text for every field", () => {
    const labels = RECEPTION_FIELD_NAMES.map((f) => RECEPTION_FIELDS[f].label);
    expect(labels).toEqual(
      expect.arrayContaining([
        "Tipo de Servidor",
        "Protocolo de Acceso",
        "Servidor",
        "Puerto",
        "Protocolo de Seguridad",
        "Usuario",
        "Contraseña",
        "Confirmar Contraseña",
        "Fecha Expiración",
        "Correo Notificación",
        "Correo de respaldo",
      ]),
    );
    for (const name of RECEPTION_FIELD_NAMES) expect(RECEPTION_FIELDS[name].help).not.toBe("");
  });
});
