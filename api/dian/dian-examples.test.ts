import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DIAN_FIXTURE_NAMES,
  buildEmail,
  buildZip,
  hasDianFixtures,
  loadDianFixture,
  loadDianFixtureText,
  wrapAttachedDocument,
} from "../../test/fixtures/index.ts";
import {
  extractMessage,
  readDianDocument,
  readDianXml,
  readXml,
  type XmlElement,
} from "./index.ts";

const sha384 = (text: string) => createHash("sha384").update(text, "utf8").digest("hex");
const CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

describe.skipIf(!hasDianFixtures)("DIAN's v1.9 examples", () => {
  it("reads the generic invoice, trimming its pretty-printed values", () => {
    const doc = readDianDocument(loadDianFixture("dian19_invoice01_Generica.xml"));
    expect(doc.kind).toBe("invoice");
    expect(doc.cufe).toBe(
      "941cf36af62dbbc06f105d2a80e9bfe683a90e84960eae4d351cc3afbe8f848c26c39bac4fbc80fa254824c6369ea694",
    );
    expect(doc.cufeScheme).toBe("CUFE-SHA384");
    expect(doc.number).toBe("SETP990000002");
    expect(doc.prefix).toBe("SETP");
    expect(doc.typeCode).toBe("01");
    expect(doc.operationType).toBe("05");
    expect(doc.environment).toBe("2");
    expect(doc.issueDate).toBe("2019-06-20");
    expect(doc.dueDate).toBe("2019-06-30");
    expect(doc.supplier).toMatchObject({
      id: "800197268",
      declaredDv: "4",
      computedDv: "4",
      idType: "31",
    });
    expect(doc.customer.id).toBe("900108281");
    expect(doc.totals.payable).toBe("15024.07");
    expect(doc.currency).toBe("COP");
  });

  it("reads the final-consumer invoice and its withholdings", () => {
    const doc = readDianDocument(loadDianFixture("dian19_invoice01_ConsumidorFinal.xml"));
    expect(doc.customer.id).toBe("2222222222");
    expect(doc.customer.idType).toBe("13");
    expect(doc.withholdings.length).toBeGreaterThan(0);
    expect(doc.withholdings.every((line) => line.code && line.amount)).toBe(true);
  });

  it("reads the export invoice's USD exchange rate", () => {
    const doc = readDianDocument(loadDianFixture("dian19_invoice02_Exportacion.xml"));
    expect(doc.typeCode).toBe("02");
    expect(doc.exchangeRate).toEqual({ source: "USD", target: "COP", rate: "3100" });
  });

  it("reads the credit note under the old sts namespace, with its referenced invoice", () => {
    const doc = readDianDocument(loadDianFixture("dian19_creditnote_CreditNote.xml"));
    expect(doc.kind).toBe("credit-note");
    expect(doc.typeCode).toBe("91");
    expect(doc.cufe).toBe(
      "da3af05f963db5cff231d1171a810f5f55eb08615f22dc239fff55fa927be5cf6caade8bfa4f1f70c067dbb9ed30c009",
    );
    expect(doc.cufeScheme).toBe("CUDE-SHA384");
    expect(doc.referencedInvoice).toEqual({
      number: "SETP990000015",
      cufe: "e988c01fe2901d1bbf37911758961f7083b6e5c58400552b309549d6fbaa6402c8ff67b51d3c6f4ed478dc94b0c8b0fc",
      issueDate: "2019-06-21",
    });
  });

  it("reads the credit note without reference and its multi-line attributes", () => {
    const doc = readDianDocument(loadDianFixture("dian19_creditnote22_sin_referencia.xml"));
    expect(doc.operationType).toBe("22");
    expect(doc.number).toBe("NC50101");
    expect(doc.prefix).toBe("NC");
    expect(doc.cufe).toBe(
      "430cd0ed8c3f9541138baeb29d0da5177e5a9e69160f211ccab42e32de3babf2ea1d2d46fe43798c757b4edb34b56f6e",
    );
    expect(doc.discrepancyCode).toBe("6");
    expect(doc.referencedInvoice).toBeNull();
    expect(doc.supplier.id).toBe("860003456");
    expect(doc.totals.payable).toBe("8835750.00");
  });

  it("reads the debit note's totals from RequestedMonetaryTotal", () => {
    const doc = readDianDocument(loadDianFixture("dian19_debitnote_DebitNote.xml"));
    expect(doc.kind).toBe("debit-note");
    expect(doc.typeCode).toBe("92");
    expect(doc.totals.payable).toBe("14994.07");
    expect(doc.totals.taxInclusive).toBe("14994.07");
    expect(doc.currency).toBe("USD");
  });

  it("reads events 030 to 034 as events", () => {
    const codes = ["030", "031", "032", "033", "034"];
    const events = DIAN_FIXTURE_NAMES.filter((name) => name.includes("event")).map((name) =>
      readDianXml(loadDianFixture(name)),
    );
    expect(events.map((content) => ("event" in content ? content.event.code : null))).toEqual(
      codes,
    );
    const acuse = events[0];
    expect(acuse && "event" in acuse && acuse.event).toMatchObject({
      eventId: "ACR0021",
      cude: "38e5e41cb74e974e9b1e5b51a5fdaa767cfeb0df033e354d651b2738dd625957ac4c639450bcbb9f63e0ae944b4b33be",
      documentCufe:
        "f2a09fc9a83fbc7b2a14e4adc89ef5917c96f375a3d102ce4e2d20d5cf64e1ca6ff8a618e3c14bb43a783a1595e8fc09",
      issueDate: "2020-12-12",
    });
  });

  it.each(WITH_PREIMAGE)("hashes the preimage in cbc:Note of %s to its UUID", (name) => {
    const root = readXml(loadDianFixture(name));
    expect(sha384(firstText(root, "Note"))).toBe(firstText(root, "UUID"));
  });

  it.each(DIAN_FIXTURE_NAMES.filter((name) => !name.includes("event")))(
    "finds %s wrapped in an AttachedDocument inside the usual e-mail",
    async (name) => {
      const inner = loadDianFixtureText(name);
      const bare = readDianDocument(new TextEncoder().encode(inner));
      const container = wrapAttachedDocument(inner, { number: bare.number, cufe: bare.cufe });
      const raw = buildEmail({
        subject: "x",
        attachments: [
          {
            filename: "ad.zip",
            contentType: "application/zip",
            bytes: buildZip([{ name: "ad.xml", bytes: container }]),
          },
        ],
      });

      const result = await extractMessage(raw);
      expect(result.failure).toBeNull();
      expect(result.documents.map((doc) => doc.cufe)).toEqual([bare.cufe]);
      expect(result.documents[0]?.validation).toMatchObject({
        resultCode: "02",
        responseCode: "02",
      });
      expect(result.documents[0]?.attachedDocument).toEqual(container);
    },
  );

  it("keeps the embedded XML byte-faithful enough to re-hash the Note", async () => {
    const inner = loadDianFixtureText("dian19_invoice01_Generica.xml");
    const raw = buildEmail({
      subject: "x",
      attachments: [
        { filename: "ad.xml", contentType: "text/xml", bytes: wrapAttachedDocument(inner) },
      ],
    });

    const [doc] = (await extractMessage(raw)).documents;
    expect(sha384(firstText(readXml(doc?.xml ?? new Uint8Array()), "Note"))).toBe(doc?.cufe);
  });
});

/** Every example whose first cbc:Note is the CUFE/CUDE preimage (checked with sha384sum). */
const WITH_PREIMAGE = [
  "dian19_invoice01_Generica.xml",
  "dian19_invoice01_ConsumidorFinal.xml",
  "dian19_invoice02_Exportacion.xml",
  "dian19_creditnote_CreditNote.xml",
  "dian19_debitnote_DebitNote.xml",
  "dian19_event030_acuse.xml",
];

function firstText(root: XmlElement, local: string): string {
  return (
    root.elements.find((element) => element.ns === CBC && element.local === local)?.text.trim() ??
    ""
  );
}
