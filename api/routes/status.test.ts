import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailboxes, messages, runs } from "../db/schema.ts";
import { createApiHarness, type ApiHarness } from "./test-harness.ts";

let h: ApiHarness;

async function insertMessage(
  companyId: number,
  n: number,
  outcome: string,
  reasonCode: string | null,
) {
  await h.ctx.db.insert(messages).values({
    companyId,
    mailboxId: 1,
    sourceKey: `imap:1:${companyId}-${n}`,
    protocol: "imap",
    sha256: "0".repeat(64),
    size: 100,
    subject: `Factura ${n}`,
    sender: "proveedor@correo.co",
    outcome,
    reasonCode,
    documentsFound: outcome === "processed" ? 1 : 0,
    settleState: "settled",
  });
}

beforeAll(async () => {
  h = await createApiHarness();
  await insertMessage(h.companyId, 1, "processed", null);
  await insertMessage(h.companyId, 2, "failed", "WRONG_RECIPIENT_NIT");
  await insertMessage(h.companyId, 3, "failed", "NO_DOCUMENT");
  const other = await h.addCompany();
  await insertMessage(other.companyId, 4, "failed", "INVALID_ZIP");
});
afterAll(() => h.dispose());

describe("messages", () => {
  it("lists failed e-mails newest first with the Spanish reason", async () => {
    const res = await h.call("GET", "/api/v1/messages?status=failed");
    const body = await res.json();
    expect(body).toMatchObject({ page: 1, total: 2 });
    expect(body.items[0]).toMatchObject({
      subject: "Factura 3",
      outcome: "failed",
      reasonCode: "NO_DOCUMENT",
      reason: expect.stringContaining("no trae un documento"),
      documentsFound: 0,
    });
  });

  it("refuses an unknown status", async () => {
    expect((await h.call("GET", "/api/v1/messages?status=deleted")).status).toBe(400);
  });
});

describe("status", () => {
  it("counts failed and unseen e-mails of the company only", async () => {
    const body = await (await h.call("GET", "/api/v1/status")).json();
    expect(body).toEqual({
      failed: { total: 2, unseen: 2 },
      lastRun: null,
      mailbox: {
        state: null,
        lastErrorCode: null,
        lastErrorMessage: null,
        configured: false,
        healthy: true,
        lastSuccessAt: null,
        failingSince: null,
      },
      passwordExpiresInDays: null,
    });
  });

  it("marks failed e-mails seen", async () => {
    const seen = await h.call("POST", "/api/v1/status/seen");
    expect(await seen.json()).toEqual({ marked: 2 });
    const body = await (await h.call("GET", "/api/v1/status")).json();
    expect(body.failed).toEqual({ total: 2, unseen: 0 });
  });

  it("reports the mailbox, the last run and the password's days left in Bogotá", async () => {
    await h.ctx.db.insert(mailboxes).values({
      companyId: h.companyId,
      serverType: "basic",
      protocol: "imap",
      host: "imap.empresa.co",
      port: 993,
      security: "ssl",
      username: "recepcion@empresa.co",
      passwordEnc: await h.ctx.secrets.seal("x"),
      passwordExpiresOn: "2026-03-10",
      state: "error",
      lastErrorCode: "AUTH_FAILED",
      lastErrorMessage: "El servidor rechazó el usuario o la contraseña.",
    });
    await h.ctx.db.insert(runs).values({
      companyId: h.companyId,
      mailboxId: 1,
      trigger: "schedule",
      startedAt: "2026-03-01T12:00:00.000Z",
      status: "failed",
      errorCode: "AUTH_FAILED",
    });
    // 03:00 UTC on the 5th is still the 4th in Bogotá (UTC−5): 6 days left, not 5.
    h.setNow(new Date("2026-03-05T03:00:00Z"));

    const body = await (await h.call("GET", "/api/v1/status")).json();
    expect(body.mailbox).toMatchObject({
      state: "error",
      lastErrorCode: "AUTH_FAILED",
      configured: true,
    });
    expect(body.lastRun).toMatchObject({ status: "failed", errorCode: "AUTH_FAILED", notes: [] });
    expect(body.passwordExpiresInDays).toBe(6);
  });
});
