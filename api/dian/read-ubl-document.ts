import { DianReadError } from "./read-error.ts";
import { readCurrency, readExchangeRate, readTaxLines, readTotals } from "./read-money.ts";
import { readParty } from "./read-party.ts";
import type { DianDocument, DocumentKind } from "./types.ts";
import { attr, findByLocalName, first, text, textOf } from "./ubl-names.ts";
import type { XmlElement } from "./xml-dom.ts";

const KINDS = { Invoice: "invoice", CreditNote: "credit-note", DebitNote: "debit-note" } as const;

export type UblDocumentRoot = keyof typeof KINDS;

/**
 * Reads a bare Invoice, CreditNote or DebitNote (NOTES §2.2). Fields the contract requires
 * (CUFE, number, issue date, payable amount) missing make it INVALID_DOCUMENT.
 */
export function readUblDocument(
  root: XmlElement,
  rootName: UblDocumentRoot,
  xml: Uint8Array,
): DianDocument {
  const kind: DocumentKind = KINDS[rootName];
  const uuid = first(root, "cbc:UUID");
  const number = text(root, "cbc:ID");
  const issueDate = text(root, "cbc:IssueDate");
  const totals = readTotals(root);
  const cufe = textOf(uuid)?.toLowerCase() ?? null;
  if (!cufe || !number || !issueDate || !totals) {
    throw new DianReadError(
      "INVALID_DOCUMENT",
      `${rootName} lacks ${missing({ cufe, number, issueDate, totals })}`,
    );
  }

  return {
    kind,
    cufe,
    cufeScheme: attr(uuid, "schemeName"),
    number,
    prefix: readPrefix(root, number),
    typeCode: readTypeCode(root, kind),
    operationType: text(root, "cbc:CustomizationID"),
    environment: text(root, "cbc:ProfileExecutionID"),
    issueDate,
    issueTime: text(root, "cbc:IssueTime"),
    dueDate: text(root, "cbc:DueDate") ?? text(root, "cac:PaymentMeans", "cbc:PaymentDueDate"),
    currency: readCurrency(root),
    exchangeRate: readExchangeRate(root),
    supplier: readParty(first(root, "cac:AccountingSupplierParty")),
    customer: readParty(first(root, "cac:AccountingCustomerParty")),
    totals,
    taxes: readTaxLines(root, "cac:TaxTotal"),
    withholdings: readTaxLines(root, "cac:WithholdingTaxTotal"),
    referencedInvoice: readReferencedInvoice(root),
    discrepancyCode: text(root, "cac:DiscrepancyResponse", "cbc:ResponseCode"),
    validation: null,
    xml,
    attachedDocument: null,
    pdf: null,
  };
}

function missing(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, value]) => !value)
    .map(([name]) => name)
    .join(", ");
}

/** sts:Prefix of the numbering range; notes have none, so the letters before the digits. */
function readPrefix(root: XmlElement, number: string): string | null {
  const extensions = findByLocalName(root, "DianExtensions");
  const authorized = extensions && findByLocalName(extensions, "AuthorizedInvoices");
  const declared = authorized && findByLocalName(authorized, "Prefix");
  const prefix = textOf(declared) ?? /^([^\d]+)\d/.exec(number)?.[1]?.trim();
  return prefix ? prefix : null;
}

function readTypeCode(root: XmlElement, kind: DocumentKind): string {
  if (kind === "credit-note") return text(root, "cbc:CreditNoteTypeCode") ?? "91";
  if (kind === "debit-note") return "92";
  return text(root, "cbc:InvoiceTypeCode") ?? "01";
}

function readReferencedInvoice(root: XmlElement): DianDocument["referencedInvoice"] {
  const reference = first(root, "cac:BillingReference", "cac:InvoiceDocumentReference");
  if (!reference) return null;
  return {
    number: text(reference, "cbc:ID"),
    cufe: text(reference, "cbc:UUID")?.toLowerCase() ?? null,
    issueDate: text(reference, "cbc:IssueDate"),
  };
}
