import { eq } from "drizzle-orm";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailboxes } from "../db/schema.ts";
import { createApiHarness, type ApiHarness } from "./test-harness.ts";

const PASSWORD = "Cl4ve-Muy-Secreta!";
const NEW_PASSWORD = "Otra-Cl4ve-Distinta?";

const imapForm = {
  serverType: "basic",
  protocol: "imap",
  host: "mail.empresa.co",
  port: 993,
  security: "ssl",
  username: "recepcion@empresa.co",
  password: PASSWORD,
  passwordConfirmation: PASSWORD,
};

let h: ApiHarness;
/** The dates below are read against this day, not against the day the tests run. */
const TODAY = new Date("2026-05-01T17:00:00Z");
beforeAll(async () => {
  h = await createApiHarness();
  h.setNow(TODAY);
});
afterAll(() => h.dispose());

async function storedRow() {
  const [row] = await h.ctx.db.select().from(mailboxes).where(eq(mailboxes.companyId, h.companyId));
  return row!;
}

async function issuesOf(res: Response) {
  expect(res.status).toBe(400);
  const body = await res.json();
  expect(body.error.code).toBe("INVALID_INPUT");
  return body.error.issues.map((i: { path: string; code: string }) => `${i.path}:${i.code}`);
}

describe("reception-config", () => {
  it("answers 404 NOT_CONFIGURED before the first save", async () => {
    const res = await h.call("GET", "/api/v1/reception-config");
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("NOT_CONFIGURED");
  });

  it.each([
    [{ passwordConfirmation: "otra" }, "passwordConfirmation:PASSWORD_MISMATCH"],
    [{ protocol: "pop3", port: 995 }, "backupEmail:BACKUP_REQUIRED"],
    [
      { protocol: "pop3", backupEmail: "RECEPCION@empresa.co" },
      "backupEmail:BACKUP_SAME_AS_MAILBOX",
    ],
    [{ passwordExpiresOn: "2026-06-30" }, "notificationEmail:NOTIFICATION_REQUIRED"],
    [{ port: 70000 }, "port:INVALID_PORT"],
    [{ host: "http://mail.empresa.co" }, "host:INVALID_HOST"],
    [
      { passwordExpiresOn: "30/06/2026", notificationEmail: "ti@empresa.co" },
      "passwordExpiresOn:INVALID_DATE",
    ],
    [{ notificationEmail: "ti(at)empresa.co" }, "notificationEmail:INVALID_EMAIL"],
    [{ password: undefined, passwordConfirmation: undefined }, "password:REQUIRED"],
    [{ host: "outlook.office365.com" }, "serverType:BASIC_AUTH_DISABLED"],
  ])("refuses %o with %s", async (change, expected) => {
    const res = await h.call("PUT", "/api/v1/reception-config", { ...imapForm, ...change });
    expect(await issuesOf(res)).toEqual([expected]);
  });

  it("gives each issue a Spanish message naming the field", async () => {
    const res = await h.call("PUT", "/api/v1/reception-config", { ...imapForm, host: "" });
    const body = await res.json();
    expect(body.error.issues).toEqual([
      { path: "host", code: "REQUIRED", message: "El campo «Servidor» es obligatorio." },
    ]);
  });

  it("saves the form, seals the password and never answers it", async () => {
    const put = await h.call("PUT", "/api/v1/reception-config", imapForm);
    const putText = await put.text();
    expect(put.status).toBe(201);

    const get = await h.call("GET", "/api/v1/reception-config");
    const getText = await get.text();
    for (const text of [putText, getText]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toMatch(/"password"|passwordEnc|passwordConfirmation/);
    }
    expect(JSON.parse(getText)).toMatchObject({
      host: "mail.empresa.co",
      passwordSet: true,
      folders: { inbox: "INBOX", processed: "Procesados", failed: "Fallidos" },
    });

    const row = await storedRow();
    expect(row.passwordEnc).not.toContain(PASSWORD);
    expect(await h.ctx.secrets.open(row.passwordEnc)).toBe(PASSWORD);
  });

  it("keeps the stored password when a PUT leaves it out", async () => {
    const { password: _p, passwordConfirmation: _c, ...rest } = imapForm;
    const res = await h.call("PUT", "/api/v1/reception-config", {
      ...rest,
      port: "993",
      folders: { inbox: "INBOX", processed: "Procesados", failed: "Con-Error" },
    });
    expect(res.status).toBe(200);

    const row = await storedRow();
    expect(row.folderFailed).toBe("Con-Error");
    expect(await h.ctx.secrets.open(row.passwordEnc)).toBe(PASSWORD);
  });

  it("replaces the password when a new one comes with its confirmation", async () => {
    const form = { ...imapForm, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD };
    const res = await h.call("PUT", "/api/v1/reception-config", form);
    expect(await res.text()).not.toContain(NEW_PASSWORD);
    expect(await h.ctx.secrets.open((await storedRow()).passwordEnc)).toBe(NEW_PASSWORD);
  });

  it("re-arms expiry alerts when the expiry date changes, not otherwise", async () => {
    const withExpiry = {
      ...imapForm,
      passwordExpiresOn: "2026-06-30",
      notificationEmail: "ti@empresa.co",
    };
    const saved = await h.call("PUT", "/api/v1/reception-config", withExpiry);
    expect(saved.status).toBeLessThan(300);
    await h.ctx.db.update(mailboxes).set({ expiryAlertsSent: "2026-06-30:before" });

    const samePort = await h.call("PUT", "/api/v1/reception-config", { ...withExpiry, port: 993 });
    expect(samePort.status).toBe(200);
    expect((await storedRow()).expiryAlertsSent).toBe("2026-06-30:before");

    const newDate = await h.call("PUT", "/api/v1/reception-config", {
      ...withExpiry,
      passwordExpiresOn: "2026-12-31",
    });
    expect(newDate.status).toBe(200);
    expect((await storedRow()).expiryAlertsSent).toBe("");
  });

  it("refuses an expiry date already past in Bogotá, and takes today's", async () => {
    const expiring = (passwordExpiresOn: string) =>
      h.call("PUT", "/api/v1/reception-config", {
        ...imapForm,
        passwordExpiresOn,
        notificationEmail: "ti@empresa.co",
      });
    const past = await expiring("2026-04-30");
    expect(past.status).toBe(400);
    const [issue] = (await past.json()).error.issues;
    expect(issue).toMatchObject({ path: "passwordExpiresOn", code: "DATE_IN_PAST" });
    expect(issue.message).toContain("ya pasó");
    expect((await expiring("2026-05-01")).status).toBe(200);
    // Once the saved date has passed, the form stays editable and testable without retyping it;
    // only a new date in the past is refused.
    h.setNow(new Date("2026-05-03T17:00:00Z"));
    try {
      const other = await h.call("PUT", "/api/v1/reception-config", {
        ...imapForm,
        passwordExpiresOn: "2026-05-01",
        notificationEmail: "otra@empresa.co",
      });
      expect(other.status).toBe(200);
      // A loopback port nobody listens on: the test fails at TCP, after the form was read.
      const tested = await h.call("POST", "/api/v1/reception-config/test", {
        ...imapForm,
        host: "127.0.0.1",
        port: await closedPort(),
        passwordExpiresOn: "2026-04-01",
        notificationEmail: "otra@empresa.co",
      });
      expect(await tested.json()).toMatchObject({ ok: false, failedStep: "tcp" });
      expect((await expiring("2026-05-02")).status).toBe(400);
    } finally {
      h.setNow(TODAY);
    }
    // 03:00 UTC on 1 May is still 30 April in Bogotá (UTC−5): that day is today there.
    h.setNow(new Date("2026-05-01T03:00:00Z"));
    try {
      expect((await expiring("2026-04-30")).status).toBe(200);
    } finally {
      h.setNow(TODAY);
    }
  });

  it("refuses on save what the host policy can tell without DNS: a private IP, a port, STARTTLS on Workers", async () => {
    const save = async (change: Record<string, unknown>) => {
      const res = await h.call("PUT", "/api/v1/reception-config", { ...imapForm, ...change });
      return {
        status: res.status,
        issues: res.status === 400 ? (await res.json()).error.issues : [],
      };
    };
    h.ctx.allowPrivateHosts = false;
    try {
      for (const host of [
        "127.0.0.1",
        "10.1.2.3",
        "::ffff:192.168.0.9",
        "169.254.169.254",
        "localhost",
        "mail.localhost",
      ]) {
        const { status, issues } = await save({ host });
        expect(status, host).toBe(400);
        expect(issues[0]).toMatchObject({ path: "host", code: "PRIVATE_HOST" });
        expect(issues[0].message).toContain("dirección privada");
      }
      const port = await save({ host: "mail.empresa.co", port: 3306 });
      expect(port.issues[0]).toMatchObject({ path: "port", code: "PORT_NOT_ALLOWED" });
      // A name is checked when it is resolved, at the connection: saving asks no resolver.
      expect((await save({ host: "mail.empresa.co" })).status).toBe(200);

      h.ctx.implicitTlsOnly = true;
      const starttls = await save({ host: "mail.empresa.co", port: 143, security: "starttls" });
      expect(starttls.issues[0]).toMatchObject({ path: "security", code: "IMPLICIT_TLS_REQUIRED" });
    } finally {
      h.ctx.allowPrivateHosts = true;
      h.ctx.implicitTlsOnly = false;
    }
  });

  it("answers 400, not 500, for an inherited object name as security, and never connects", async () => {
    for (const [method, path] of [
      ["PUT", "/api/v1/reception-config"],
      ["POST", "/api/v1/reception-config/test"],
    ] as const) {
      const res = await h.call(method, path, { ...imapForm, security: "constructor" });
      expect(res.status, path).toBe(400);
      const { error } = await res.json();
      expect(error.issues).toEqual([
        expect.objectContaining({ path: "security", code: "INVALID_OPTION" }),
      ]);
    }
  });

  it("marks the connection untested again when the server changes", async () => {
    await h.ctx.db.update(mailboxes).set({ state: "error", lastErrorCode: "AUTH_FAILED" });
    await h.call("PUT", "/api/v1/reception-config", {
      ...imapForm,
      host: "imap2.empresa.co",
    });
    expect(await storedRow()).toMatchObject({ state: "never", lastErrorCode: null });
  });

  it("keeps one mailbox per company and hides it from other companies", async () => {
    const other = await h.addCompany();
    const res = await h.call("GET", "/api/v1/reception-config", undefined, other.token);
    expect(res.status).toBe(404);
  });

  it("validates a form sent to the connection test before trying it", async () => {
    const res = await h.call("POST", "/api/v1/reception-config/test", { ...imapForm, port: 0 });
    expect(await issuesOf(res)).toEqual(["port:INVALID_PORT"]);
  });

  it("tries the stored settings and answers the failed step without the password", async () => {
    const port = await closedPort();
    const form = { ...imapForm, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD };
    await h.call("PUT", "/api/v1/reception-config", { ...form, host: "127.0.0.1", port });

    const res = await h.call("POST", "/api/v1/reception-config/test");
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ ok: false, failedStep: "tcp" });
    expect(text).not.toContain(NEW_PASSWORD);
  });

  it("forgets the mailbox on DELETE, then says it is not configured", async () => {
    expect((await h.call("DELETE", "/api/v1/reception-config")).status).toBe(200);
    expect((await h.call("DELETE", "/api/v1/reception-config")).status).toBe(404);
    const test = await h.call("POST", "/api/v1/reception-config/test");
    expect(test.status).toBe(409);
    expect((await test.json()).error.code).toBe("NOT_CONFIGURED");
  });
});

/** A loopback port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
