import { describe, expect, it } from "vitest";
import * as fixtures from "../../test/fixtures/index.ts";
import { MAX_FILES_PER_MESSAGE, MAX_NESTING, MAX_ZIP_ENTRIES } from "../lib/limits.ts";
import { extractMessage } from "./index.ts";

async function extract(shape: fixtures.AwkwardEmail) {
  const result = await extractMessage(shape.raw);
  return { result, cufes: result.documents.map((doc) => doc.cufe) };
}

describe("extractMessage", () => {
  it("reads the usual e-mail: headers, subject hint, document, PDF and files", async () => {
    const usual = fixtures.buildDianEmail({ messageId: "<m1@proveedor.example>" });
    const result = await extractMessage(usual.raw);

    expect(result).toMatchObject({
      messageId: "<m1@proveedor.example>",
      subject: usual.subject,
      from: "facturacion@proveedor.example",
      failure: null,
      warnings: [],
    });
    expect(result.date?.toISOString()).toBe("2024-05-02T15:20:00.000Z");
    expect(result.subjectHint).toMatchObject({
      supplierNit: "900000001",
      documentNumber: "FE1001",
      typeCode: "01",
    });
    expect(result.documents).toHaveLength(1);
    expect(result.documents[0]).toMatchObject({
      cufe: usual.document.cufe,
      number: "FE1001",
      prefix: "FE",
      environment: "1",
    });
    expect(result.documents[0]?.pdf).toEqual({ name: usual.pdfName, bytes: usual.pdf });
    expect(result.documents[0]?.validation).toMatchObject({
      resultCode: "02",
      responseCode: "02",
      responseDescription: "Documento validado por la DIAN",
    });
    expect(result.files.map((file) => [file.name, file.contentType])).toEqual([
      [usual.zipName, "application/zip"],
      [usual.xmlName, "application/xml"],
      [usual.pdfName, "application/pdf"],
    ]);
  });

  it.each([
    ["a ZIP inside a ZIP", () => fixtures.zipInsideZip()],
    ["a bare AttachedDocument without ZIP", () => fixtures.bareAttachedDocument()],
    ["a bare Invoice", fixtures.bareInvoice],
    ["a forwarded e-mail attached as message/rfc822", () => fixtures.forwardedEmail()],
    [
      "a forwarded e-mail inline as message/rfc822",
      () => fixtures.forwardedEmail({ forwardDisposition: "inline" }),
    ],
    ["a ZIP declared application/octet-stream without .zip", fixtures.zipWithWrongType],
    ["an uppercase .ZIP", fixtures.uppercaseZip],
    ["two documents in one e-mail", fixtures.twoDocuments],
    ["a test-environment document", fixtures.testEnvironmentDocument],
    ["a ZIP with a ../ entry beside the real files", () => fixtures.zipWithTraversalEntry(true)],
  ])("finds the documents in %s", async (_, make) => {
    const shape = make();
    const { result, cufes } = await extract(shape);
    expect(result.failure).toBeNull();
    expect(cufes).toEqual(shape.cufes);
  });

  it.each([
    ["a zip bomb", fixtures.zipBomb, "LIMIT_EXCEEDED"],
    ["a ZIP with too many entries", () => fixtures.zipWithTooManyEntries(), "LIMIT_EXCEEDED"],
    [
      "a ZIP whose only entry is named ../",
      () => fixtures.zipWithTraversalEntry(false),
      "INVALID_ZIP",
    ],
    ["XML with a DOCTYPE and entities", fixtures.xmlWithDoctype, "MALFORMED_XML"],
    ["a truncated ZIP", fixtures.truncatedZip, "INVALID_ZIP"],
    ["XML that is not a DIAN document", fixtures.nonDianXml, "UNSUPPORTED_DOCUMENT"],
    ["an e-mail with no attachment", fixtures.emailWithoutAttachment, "NO_DOCUMENT"],
  ])("fails %s with the reason %s", async (_, make, reason) => {
    const { result } = await extract(make());
    expect(result.documents).toEqual([]);
    expect(result.failure?.reason).toBe(reason);
  });

  it("pairs each of two documents with the PDF of its own ZIP", async () => {
    const { result } = await extract(fixtures.twoDocuments());
    expect(
      result.documents.map((doc) => [doc.number, doc.kind, doc.pdf?.bytes.length ? "pdf" : null]),
    ).toEqual([
      ["FE3001", "invoice", "pdf"],
      ["NC3002", "credit-note", "pdf"],
    ]);
    expect(new TextDecoder().decode(result.documents[1]?.pdf?.bytes)).toContain("NC3002");
  });

  it("warns about the unsafe entry while keeping the document beside it", async () => {
    const { result } = await extract(fixtures.zipWithTraversalEntry(true));
    expect(result.warnings).toEqual([
      { reason: "INVALID_ZIP", detail: expect.stringContaining("../../tmp/ad-evil.xml") },
    ]);
    expect(result.files.map((file) => file.name)).not.toContain("../../tmp/ad-evil.xml");
  });

  it("keeps the test environment visible on the document", async () => {
    const { result } = await extract(fixtures.testEnvironmentDocument());
    expect(result.documents[0]).toMatchObject({
      environment: "2",
      prefix: "SETP",
      number: "SETP990000002",
    });
  });

  it("reads the subject hint of a forward through its RV: prefix", async () => {
    const { result } = await extract(fixtures.forwardedEmail());
    expect(result.subject?.startsWith("RV: ")).toBe(true);
    expect(result.subjectHint?.documentNumber).toBe("FE1001");
  });

  it("pairs a bare XML with the single PDF attached beside it", async () => {
    const { result } = await extract(fixtures.bareAttachedDocument());
    expect(result.documents[0]?.pdf?.name).toMatch(/\.pdf$/);
  });

  it("refuses a message over maxBytes before parsing it", async () => {
    const result = await extractMessage(fixtures.buildDianEmail().raw, { maxBytes: 1000 });
    expect(result.failure?.reason).toBe("MESSAGE_TOO_LARGE");
    expect(result.messageId).toBeNull();
  });

  it("stops following forwards nested deeper than MAX_NESTING", async () => {
    let raw = fixtures.buildDianEmail().raw;
    for (let level = 0; level < 4; level++) {
      raw = fixtures.buildEmail({
        subject: "RV: reenvío",
        attachments: [{ filename: "reenvio.eml", contentType: "message/rfc822", bytes: raw }],
      });
    }
    const result = await extractMessage(raw);
    expect(result.documents).toEqual([]);
    expect(result.failure?.reason).toBe("LIMIT_EXCEEDED");
  });

  it("stops opening ZIPs nested deeper than MAX_NESTING", async () => {
    let zip = fixtures.buildDianEmail().zip;
    for (let level = 0; level < MAX_NESTING; level++)
      zip = fixtures.buildZip([{ name: `nivel-${level}.zip`, bytes: zip }]);
    const raw = fixtures.buildEmail({
      subject: "x",
      attachments: [{ filename: "anexos.zip", contentType: "application/zip", bytes: zip }],
    });
    const result = await extractMessage(raw);
    expect(result.documents).toEqual([]);
    expect(result.failure?.reason).toBe("LIMIT_EXCEEDED");
  });

  it("stops examining files past MAX_FILES_PER_MESSAGE and keeps what came before", async () => {
    const usual = fixtures.buildDianEmail();
    const filler = (zipIndex: number) =>
      fixtures.buildZip(
        Array.from({ length: MAX_ZIP_ENTRIES - 1 }, (_, i) => ({
          name: `${zipIndex}-${i}.txt`,
          bytes: "anexo",
        })),
      );
    const count = Math.ceil(MAX_FILES_PER_MESSAGE / (MAX_ZIP_ENTRIES - 1));
    const attachments = [usual.zip, ...Array.from({ length: count }, (_, i) => filler(i))].map(
      (bytes, i) => ({ filename: `${i}.zip`, contentType: "application/zip", bytes }),
    );
    const result = await extractMessage(
      fixtures.buildEmail({ subject: usual.subject, attachments }),
    );
    expect(result.documents.map((doc) => doc.cufe)).toEqual([usual.document.cufe]);
    expect(result.warnings.map((warning) => warning.reason)).toEqual(["LIMIT_EXCEEDED"]);
  });

  it("keeps one document when the AttachedDocument and the bare invoice travel together", async () => {
    const usual = fixtures.buildDianEmail();
    const zip = fixtures.buildZip([
      { name: usual.xmlName, bytes: usual.attachedDocument },
      { name: "factura.xml", bytes: usual.document.xml },
      { name: usual.pdfName, bytes: usual.pdf },
    ]);
    const raw = fixtures.buildEmail({
      subject: usual.subject,
      attachments: [{ filename: "f.zip", contentType: "application/zip", bytes: zip }],
    });
    const result = await extractMessage(raw);
    expect(result.documents).toHaveLength(1);
    expect(result.documents[0]?.attachedDocument).not.toBeNull();
  });

  it("gives an outcome, never an exception, for bytes that are not an e-mail", async () => {
    for (const raw of [
      new Uint8Array(),
      new Uint8Array([0, 1, 2, 255]),
      new TextEncoder().encode("PK\u0003\u0004 not really"),
    ]) {
      const result = await extractMessage(raw);
      expect(result.failure?.reason).toBe("NO_DOCUMENT");
    }
  });

  it("resolves with an outcome for ZIPs and XML damaged at random", async () => {
    const usual = fixtures.buildDianEmail();
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 60; round++) {
      const target = round % 2 ? usual.zip.slice() : usual.attachedDocument.slice();
      for (let flips = 0; flips < 4; flips++) target[next() % target.length] = next() % 256;
      const attachment = {
        filename: round % 2 ? "f.zip" : "f.xml",
        contentType: "application/octet-stream",
        bytes: target,
      };
      const result = await extractMessage(
        fixtures.buildEmail({ subject: "x", attachments: [attachment] }),
      );
      expect(result.documents.length + (result.failure ? 1 : 0)).toBeGreaterThan(0);
    }
  });
});
