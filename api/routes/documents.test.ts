import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents } from "../db/schema.ts";
import { createApiHarness, type ApiHarness } from "./test-harness.ts";

let h: ApiHarness;
let xmlBlob: string;
let pdfBlob: string;
const ids: number[] = [];

const base = {
  messageId: 1,
  kind: "invoice",
  typeCode: "01",
  customerNit: "890901876",
  currency: "COP",
  payableAmount: "119000.00",
  details: JSON.stringify({ totals: { payable: "119000.00" } }),
};

async function insertDocument(
  companyId: number,
  n: number,
  change: Partial<typeof documents.$inferInsert> = {},
) {
  const [row] = await h.ctx.db
    .insert(documents)
    .values({
      ...base,
      companyId,
      cufe: `${String(n).padStart(4, "0")}${"a".repeat(92)}`,
      number: `FE${n}`,
      issueDate: `2026-01-${String(n).padStart(2, "0")}`,
      supplierNit: "800197268",
      supplierName: "Proveedor Uno S.A.S.",
      xmlBlob,
      ...change,
    })
    .returning({ id: documents.id });
  return row!.id;
}

beforeAll(async () => {
  h = await createApiHarness();
  xmlBlob = await h.ctx.blobs.put(new TextEncoder().encode("<Invoice>FE1</Invoice>"));
  pdfBlob = await h.ctx.blobs.put(new TextEncoder().encode("%PDF-1.4 fake"));
  for (let n = 1; n <= 25; n++) ids.push(await insertDocument(h.companyId, n));
  await insertDocument(h.companyId, 26, {
    kind: "credit-note",
    typeCode: "91",
    supplierNit: "830034343",
    supplierName: "Distribuidora 100%_Andina",
    pdfBlob,
    pdfName: "../../factura NC26.pdf",
  });
});
afterAll(() => h.dispose());

async function list(query: string, token?: string) {
  const res = await h.call("GET", `/api/v1/documents${query}`, undefined, token);
  expect(res.status).toBe(200);
  return res.json();
}

describe("documents list", () => {
  it("pages newest issue date first, 20 by default", async () => {
    const page1 = await list("");
    expect(page1).toMatchObject({ page: 1, pageSize: 20, total: 26 });
    expect(page1.items).toHaveLength(20);
    expect(page1.items[0].number).toBe("FE26");

    const page2 = await list("?page=2&pageSize=20");
    expect(page2.items.map((d: { number: string }) => d.number)).toEqual([
      "FE6",
      "FE5",
      "FE4",
      "FE3",
      "FE2",
      "FE1",
    ]);
  });

  it("filters by issue date range, supplier NIT and type", async () => {
    expect((await list("?from=2026-01-10&to=2026-01-12")).total).toBe(3);
    expect((await list("?supplierNit=830.034.343-9")).total).toBe(1);
    expect((await list("?type=91")).items[0].number).toBe("FE26");
    expect((await list("?type=invoice")).total).toBe(25);
  });

  it("searches number, supplier name and CUFE, taking % and _ literally", async () => {
    expect((await list("?q=FE2")).total).toBe(8);
    expect((await list("?q=andina")).total).toBe(1);
    expect((await list("?q=100%25_")).total).toBe(1);
    expect((await list("?q=0005aaa")).total).toBe(1);
    expect((await list("?q=10_%25")).total).toBe(0);
  });

  it("refuses a page size over 100 and a malformed date", async () => {
    const res = await h.call("GET", "/api/v1/documents?pageSize=101&from=2026-13");
    expect(res.status).toBe(400);
    const codes = (await res.json()).error.issues.map(
      (i: { path: string; code: string }) => `${i.path}:${i.code}`,
    );
    expect(codes).toEqual(["from:INVALID_DATE", "pageSize:INVALID_NUMBER"]);
  });
});

describe("one document", () => {
  it("answers its details parsed", async () => {
    const res = await h.call("GET", `/api/v1/documents/${ids[0]}`);
    expect(await res.json()).toMatchObject({
      number: "FE1",
      hasPdf: false,
      details: { totals: { payable: "119000.00" } },
    });
  });

  it("serves the embedded XML and the PDF with a safe file name", async () => {
    const xml = await h.call("GET", `/api/v1/documents/${ids[0]}/xml`);
    expect(xml.headers.get("content-type")).toBe("application/xml");
    expect(await xml.text()).toBe("<Invoice>FE1</Invoice>");

    const list26 = await list("?type=91");
    const pdf = await h.call("GET", `/api/v1/documents/${list26.items[0].id}/pdf`);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toBe('inline; filename="factura_NC26.pdf"');
    expect(await pdf.text()).toBe("%PDF-1.4 fake");
  });

  it("answers 404 for a file the document does not have", async () => {
    expect((await h.call("GET", `/api/v1/documents/${ids[0]}/pdf`)).status).toBe(404);
    expect((await h.call("GET", `/api/v1/documents/${ids[0]}/attached-document`)).status).toBe(404);
    expect((await h.call("GET", "/api/v1/documents/abc")).status).toBe(404);
  });

  it("hides a document from another company's token", async () => {
    const other = await h.addCompany();
    for (const suffix of ["", "/xml", "/pdf", "/attached-document"]) {
      const res = await h.call(
        "GET",
        `/api/v1/documents/${ids[0]}${suffix}`,
        undefined,
        other.token,
      );
      expect(res.status).toBe(404);
    }
    expect((await list("", other.token)).total).toBe(0);
  });
});
