/** The routes' schema answers what the popup's reader answers: the same issues, the same form. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateReceptionConfig } from "../../shared/reception-config.ts";
import { receptionConfigSchema } from "./reception-config-schema.ts";
import { toIssues } from "./validation.ts";

const PEM = `-----BEGIN CERTIFICATE-----\n${"A".repeat(64)}\n-----END CERTIFICATE-----`;

const imapForm = {
  serverType: "basic",
  protocol: "imap",
  host: "mail.empresa.co",
  port: 993,
  security: "ssl",
  username: "recepcion@empresa.co",
  password: "s3creta",
  passwordConfirmation: "s3creta",
};

const VALUES: unknown[] = [
  ...[undefined, null, "", "   ", "a\nb", 0, 993, "995", 65536, true, [], {}],
  ...["oauth-microsoft", "oauth-google", "POP", "pop3", "tls", "none", "tls1.0"],
  ...["outlook.office365.com", "mail empresa", "RECEPCION@empresa.co", "no-es-correo"],
  ...["2026-03-01", "2026-02-30", PEM, "hola", "INBOX", "Fa\u0000", "otra"],
];
const FIELDS = [...Object.keys(imapForm), "passwordExpiresOn", "notificationEmail", "backupEmail"];
const FOLDERS = fc.oneof(
  fc.constantFrom(...VALUES),
  fc.record(
    { inbox: fc.constantFrom(...VALUES), processed: fc.constantFrom(...VALUES) },
    { requiredKeys: [] },
  ),
);

/** The sample form with up to four fields changed to values that break one rule or another. */
const forms = fc
  .array(fc.tuple(fc.constantFrom(...FIELDS, "folders", "tlsCa"), fc.constantFrom(...VALUES)), {
    maxLength: 4,
  })
  .chain((changes) => fc.tuple(fc.constant(changes), FOLDERS))
  .map(([changes, folders]) => {
    const form: Record<string, unknown> = { ...imapForm };
    for (const [field, value] of changes) form[field] = field === "folders" ? folders : value;
    return form;
  });

function apiAnswer(input: unknown, passwordStored: boolean) {
  const result = receptionConfigSchema({ passwordStored }).safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, issues: toIssues(result.error) };
}

describe("receptionConfigSchema", () => {
  it("reports each issue of the shared reader with its path, code and message", () => {
    fc.assert(
      fc.property(forms, fc.boolean(), (form, passwordStored) => {
        expect(apiAnswer(form, passwordStored)).toEqual(
          validateReceptionConfig(form, { passwordStored }),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("words a body that is not an object as the routes word zod's type issues", () => {
    expect(apiAnswer("hola", false).issues).toEqual([
      {
        path: "",
        code: "INVALID_TYPE",
        message: "El cuerpo de la solicitud debe ser un objeto JSON con los campos del formulario.",
      },
    ]);
    expect(apiAnswer({ ...imapForm, folders: "INBOX" }, false).issues).toEqual([
      {
        path: "folders",
        code: "INVALID_TYPE",
        message: "«folders» debe ser un objeto con inbox, processed y failed.",
      },
    ]);
  });

  it("still applies the rules between fields to an array body", () => {
    const codes = apiAnswer([], false).issues?.map((i) => `${i.path}:${i.code}`);
    expect(codes).toEqual([":INVALID_TYPE", "password:REQUIRED"]);
  });
});
