/**
 * Company isolation: a second company's token walks every route, with the first company's ids,
 * and gets 404 or its own empty answers, never the first company's data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents, messages, runs } from "../db/schema.ts";
import { createApiHarness, type ApiHarness } from "./test-harness.ts";

const SECRET_MARKS = ["FE-PRIVADA", "Proveedor Privado", "recepcion@privada.co", "Asunto privado"];

let h: ApiHarness;
let other: { companyId: number; token: string };
const ids = { document: 0, message: 0 };

beforeAll(async () => {
  h = await createApiHarness();
  const password = "Clave-Privada-9!";
  await h.call("PUT", "/api/v1/reception-config", {
    serverType: "basic",
    protocol: "imap",
    host: "imap.privada.co",
    port: 993,
    security: "ssl",
    username: "recepcion@privada.co",
    password,
    passwordConfirmation: password,
  });
  const xmlBlob = await h.ctx.blobs.put(new TextEncoder().encode("<Invoice>FE-PRIVADA</Invoice>"));
  const [message] = await h.ctx.db
    .insert(messages)
    .values({
      companyId: h.companyId,
      mailboxId: 1,
      sourceKey: "imap:1:1",
      protocol: "imap",
      sha256: "0".repeat(64),
      size: 10,
      subject: "Asunto privado",
      outcome: "failed",
      reasonCode: "NO_DOCUMENT",
      settleState: "settled",
    })
    .returning({ id: messages.id });
  ids.message = message!.id;
  const [doc] = await h.ctx.db
    .insert(documents)
    .values({
      companyId: h.companyId,
      messageId: ids.message,
      cufe: "c".repeat(96),
      kind: "invoice",
      typeCode: "01",
      number: "FE-PRIVADA",
      issueDate: "2026-01-01",
      supplierNit: "800197268",
      supplierName: "Proveedor Privado",
      customerNit: "830034343",
      currency: "COP",
      payableAmount: "1.00",
      details: "{}",
      xmlBlob,
      pdfBlob: xmlBlob,
      attachedDocumentBlob: xmlBlob,
    })
    .returning({ id: documents.id });
  ids.document = doc!.id;
  await h.ctx.db.insert(runs).values({
    companyId: h.companyId,
    mailboxId: 1,
    trigger: "manual",
    startedAt: "2026-01-01T00:00:00Z",
    status: "ok",
    notes: "Asunto privado",
  });
  other = await h.addCompany();
});
afterAll(() => h.dispose());

describe("another company's token", () => {
  it.each([
    ["GET", () => `/api/v1/documents/${ids.document}`],
    ["GET", () => `/api/v1/documents/${ids.document}/xml`],
    ["GET", () => `/api/v1/documents/${ids.document}/pdf`],
    ["GET", () => `/api/v1/documents/${ids.document}/attached-document`],
    ["POST", () => `/api/v1/messages/${ids.message}/retry`],
    ["GET", () => "/api/v1/reception-config"],
    ["DELETE", () => "/api/v1/reception-config"],
  ])("gets 404 for %s %s", async (method, path) => {
    const res = await h.call(method, path(), undefined, other.token);
    expect(res.status).toBe(404);
    const text = await res.text();
    for (const mark of SECRET_MARKS) expect(text).not.toContain(mark);
  });

  it.each([
    "/api/v1/documents",
    "/api/v1/documents?q=PRIVADA",
    "/api/v1/messages",
    "/api/v1/messages?status=failed",
    "/api/v1/ingestion/runs",
    "/api/v1/status",
    "/api/v1/audit",
    "/api/v1/company",
  ])("sees only its own (empty) data at %s", async (path) => {
    const res = await h.call("GET", path, undefined, other.token);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const mark of SECRET_MARKS) expect(text).not.toContain(mark);
    const body = JSON.parse(text);
    if ("total" in body) expect(body.total).toBe(0);
    if ("failed" in body) expect(body.failed).toEqual({ total: 0, unseen: 0 });
  });

  it("cannot mark the first company's failures seen", async () => {
    await h.call("POST", "/api/v1/status/seen", undefined, other.token);
    const mine = await (await h.call("GET", "/api/v1/status")).json();
    expect(mine.failed).toEqual({ total: 1, unseen: 1 });
  });
});
