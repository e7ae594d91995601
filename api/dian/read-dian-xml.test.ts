import { describe, expect, it } from "vitest";
import * as fixtures from "../../test/fixtures/index.ts";
import { DianReadError, extractMessage, readDianDocument, readDianXml } from "./index.ts";

const encode = (text: string) => new TextEncoder().encode(text);

function reasonOf(action: () => unknown): string | null {
  try {
    action();
    return null;
  } catch (error) {
    return error instanceof DianReadError ? error.reason : "THREW";
  }
}

describe("readDianDocument", () => {
  const invoice = fixtures.buildInvoiceXml({
    number: "FE7001",
    dueDate: "2024-06-01",
    supplier: { nit: "901264265", dv: "6", name: "Emisora S.A.S.", tradeName: "Emisora" },
    withholdings: [
      { code: "06", name: "ReteRenta", amount: "2500.00", taxable: "100000.00", percent: "2.50" },
    ],
  });

  it.each([
    ["CDATA", { embedding: "cdata" }],
    ["escaped text", { embedding: "escaped" }],
    ["base64 EmbeddedDocumentBinaryObject", { embedding: "base64" }],
    ["a BOM", { bom: true }],
    ["an ISO-8859-1 declaration", { encoding: "ISO-8859-1" }],
    ["odd wrapper prefixes", { prefixes: { cbc: "basic", cac: "agg", ext: "x", root: "ad" } }],
  ] as const)("unwraps an AttachedDocument carrying the invoice as %s", (_, wrap) => {
    const doc = readDianDocument(
      fixtures.wrapAttachedDocument(invoice.xml, {
        ...wrap,
        number: invoice.number,
        cufe: invoice.cufe,
      }),
    );
    expect(doc).toMatchObject({
      kind: "invoice",
      cufe: invoice.cufe,
      number: "FE7001",
      prefix: "FE",
      dueDate: "2024-06-01",
    });
    expect(doc.validation).toMatchObject({
      resultCode: "02",
      responseCode: "02",
      validationDate: "2024-05-02",
    });
    expect(new TextDecoder().decode(doc.xml)).toContain("<Invoice");
  });

  it("reads parties, taxes and withholdings as written", () => {
    const doc = readDianDocument(encode(invoice.xml));
    expect(doc.supplier).toEqual({
      id: "901264265",
      declaredDv: "6",
      computedDv: "6",
      idType: "31",
      registrationName: "Emisora S.A.S.",
      tradeName: "Emisora",
    });
    expect(doc.customer).toMatchObject({
      id: "830034343",
      declaredDv: null,
      computedDv: "9",
      tradeName: null,
    });
    expect(doc.taxes).toEqual([
      { code: "01", name: "IVA", amount: "19000.00", taxableAmount: "100000.00", percent: "19.00" },
    ]);
    expect(doc.withholdings).toEqual([
      {
        code: "06",
        name: "ReteRenta",
        amount: "2500.00",
        taxableAmount: "100000.00",
        percent: "2.50",
      },
    ]);
    expect(doc.totals).toMatchObject({
      lineExtension: "100000.00",
      taxInclusive: "119000.00",
      payable: "119000.00",
    });
    expect(doc.attachedDocument).toBeNull();
  });

  it("reads a document whose own elements use other prefixes", () => {
    const odd = fixtures.buildInvoiceXml({
      prefixes: { cbc: "c", cac: "a", ext: "e", sts: "dian", root: "inv" },
    });
    expect(readDianDocument(encode(odd.xml))).toMatchObject({
      cufe: odd.cufe,
      prefix: "FE",
      totals: { payable: "119000.00" },
    });
  });

  it("gives different numbers different CUFEs that hash from their Note", () => {
    const [a, b] = [
      fixtures.buildInvoiceXml({ number: "FE1" }),
      fixtures.buildInvoiceXml({ number: "FE2" }),
    ];
    expect(a.cufe).not.toBe(b.cufe);
    expect(fixtures.sha384(a.preimage)).toBe(a.cufe);
  });

  it("reads a debit note's RequestedMonetaryTotal and a credit note's reference", () => {
    const reference = { number: "FE1001", cufe: "a".repeat(96), issueDate: "2024-05-01" };
    const debit = readDianDocument(
      encode(fixtures.buildDebitNoteXml({ number: "ND5", referencedInvoice: reference }).xml),
    );
    const credit = readDianDocument(
      encode(fixtures.buildCreditNoteXml({ number: "NC5", referencedInvoice: reference }).xml),
    );
    expect(debit).toMatchObject({
      kind: "debit-note",
      typeCode: "92",
      prefix: "ND",
      discrepancyCode: "3",
      totals: { payable: "119000.00" },
    });
    expect(credit).toMatchObject({
      kind: "credit-note",
      typeCode: "91",
      prefix: "NC",
      discrepancyCode: "2",
      referencedInvoice: reference,
    });
  });

  it("lowercases and trims the CUFE", () => {
    const upper = invoice.xml.replace(invoice.cufe, `\r\n  ${invoice.cufe.toUpperCase()}  `);
    expect(readDianDocument(encode(upper)).cufe).toBe(invoice.cufe);
  });

  it("refuses a document without CUFE as INVALID_DOCUMENT", () => {
    const noUuid = invoice.xml.replace(/<cbc:UUID[^>]*>[^<]*<\/cbc:UUID>/, "");
    expect(reasonOf(() => readDianDocument(encode(noUuid)))).toBe("INVALID_DOCUMENT");
  });

  it("refuses an AttachedDocument that embeds something else as UNSUPPORTED_DOCUMENT", () => {
    const container = fixtures.wrapAttachedDocument(`<?xml version="1.0"?><Order xmlns="urn:x"/>`);
    expect(reasonOf(() => readDianDocument(container))).toBe("UNSUPPORTED_DOCUMENT");
  });
});

describe("events", () => {
  const event = fixtures.buildApplicationResponseXml({
    code: "031",
    documentCufe: "b".repeat(96),
    documentNumber: "FE1001",
  });

  it("reads a bare ApplicationResponse as an event", () => {
    const content = readDianXml(encode(event.xml));
    expect("event" in content && content.event).toMatchObject({
      code: "031",
      documentCufe: "b".repeat(96),
      cude: event.cufe,
      eventId: "AR0311",
    });
  });

  it("reads a buyer's event wrapped in an AttachedDocument as an event", () => {
    const content = readDianXml(fixtures.wrapAttachedDocument(event.xml));
    expect("event" in content && content.event.code).toBe("031");
  });

  it("keeps DIAN's validation response out of events", async () => {
    const usual = fixtures.buildDianEmail();
    const result = await extractMessage(usual.raw);
    expect(result.events).toEqual([]);
    expect(result.documents[0]?.validation?.responseCode).toBe("02");
  });

  it("reports a rejected validation as DIAN wrote it", () => {
    const built = fixtures.buildInvoiceXml();
    const doc = readDianDocument(
      fixtures.wrapAttachedDocument(built.xml, {
        validationResultCode: "002",
        dianResponseCode: "04",
      }),
    );
    expect(doc.validation).toMatchObject({ resultCode: "002", responseCode: "04" });
  });

  it("gives an e-mail holding only an event no failure", async () => {
    const raw = fixtures.buildEmail({
      subject: "Evento",
      attachments: [{ filename: "ar.xml", contentType: "text/xml", bytes: encode(event.xml) }],
    });
    const result = await extractMessage(raw);
    expect(result.failure).toBeNull();
    expect(result.events.map((found) => found.code)).toEqual(["031"]);
  });
});
