/**
 * What the DIAN reader gives the rest of Buzón. Amounts stay decimal strings exactly as written in
 * the XML (DIAN documents carry up to 6 decimals; floats would round them).
 */

export type DocumentKind = "invoice" | "credit-note" | "debit-note";

export interface Party {
  /** Identification number without check digit (cbc:CompanyID text, digits kept as written). */
  id: string;
  /** Check digit as declared in @schemeID; null when absent or empty. */
  declaredDv: string | null;
  /** Check digit computed with DIAN's weights (NOTES §2.3); null for non-numeric ids. */
  computedDv: string | null;
  /** Identification type (@schemeName): 31 NIT, 13 cédula, ... */
  idType: string | null;
  registrationName: string | null;
  tradeName: string | null;
}

export interface TaxLine {
  /** Table 13.2.2 code: 01 IVA, 04 INC, 05 ReteIVA, ... */
  code: string | null;
  name: string | null;
  amount: string;
  taxableAmount: string | null;
  percent: string | null;
}

export interface MonetaryTotals {
  lineExtension: string | null;
  taxExclusive: string | null;
  taxInclusive: string | null;
  allowanceTotal: string | null;
  chargeTotal: string | null;
  prepaid: string | null;
  payableRounding: string | null;
  payable: string;
}

export interface DianValidation {
  /** ValidationResultCode of the container (02 = validated; real files also say 002). */
  resultCode: string | null;
  validationDate: string | null;
  validationTime: string | null;
  /** ResponseCode of DIAN's ApplicationResponse, when embedded. */
  responseCode: string | null;
  responseDescription: string | null;
}

export interface DianDocument {
  kind: DocumentKind;
  /** CUFE/CUDE: 96 lowercase hex chars (SHA-384), from cbc:UUID. */
  cufe: string;
  cufeScheme: string | null;
  number: string;
  prefix: string | null;
  /** InvoiceTypeCode (01, 02, 03, 04, 20, 60...), 91 credit note, 92 debit note. */
  typeCode: string;
  /** cbc:CustomizationID, the operation type. */
  operationType: string | null;
  /** cbc:ProfileExecutionID: "1" production, "2" test. */
  environment: string | null;
  issueDate: string;
  issueTime: string | null;
  dueDate: string | null;
  currency: string;
  exchangeRate: { source: string; target: string; rate: string } | null;
  supplier: Party;
  customer: Party;
  totals: MonetaryTotals;
  taxes: TaxLine[];
  withholdings: TaxLine[];
  referencedInvoice: {
    number: string | null;
    cufe: string | null;
    issueDate: string | null;
  } | null;
  /** Correction concept of a note (DiscrepancyResponse/ResponseCode). */
  discrepancyCode: string | null;
  validation: DianValidation | null;
  /** The embedded Invoice/CreditNote/DebitNote, as bytes (UTF-8). */
  xml: Uint8Array;
  /** The AttachedDocument container, when the document came in one. */
  attachedDocument: Uint8Array | null;
  /** The PDF found beside the XML (same ZIP or same message), when there is one. */
  pdf: { name: string; bytes: Uint8Array } | null;
}

/** A DIAN event (ApplicationResponse 030–034 and the like) found in a message. */
export interface DianEvent {
  code: string | null;
  description: string | null;
  /** CUFE of the invoice the event refers to. */
  documentCufe: string | null;
  eventId: string | null;
  cude: string | null;
  issueDate: string | null;
  xml: Uint8Array;
}

/** Why a message failed; stable codes, shown with their Spanish reason (shared/reasons.ts). */
export type FailureReason =
  | "NO_DOCUMENT"
  | "INVALID_ZIP"
  | "LIMIT_EXCEEDED"
  | "MALFORMED_XML"
  | "UNSUPPORTED_DOCUMENT"
  | "WRONG_RECIPIENT_NIT"
  | "TEST_ENVIRONMENT"
  | "MESSAGE_TOO_LARGE"
  | "INVALID_DOCUMENT"
  | "INTERNAL";

/** A file kept from a message: the ZIPs, XMLs and PDFs, for the blob store. */
export interface ExtractedFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Hints read from the subject line (NOTES §1): never required, only a hint. */
export interface SubjectHint {
  supplierNit: string | null;
  supplierName: string | null;
  documentNumber: string | null;
  typeCode: string | null;
  tradeName: string | null;
  businessLine: string | null;
}

export interface MessageExtraction {
  messageId: string | null;
  subject: string | null;
  from: string | null;
  date: Date | null;
  subjectHint: SubjectHint | null;
  documents: DianDocument[];
  events: DianEvent[];
  files: ExtractedFile[];
  /** Set when nothing usable came out; the message then goes to Fallidos. */
  failure: { reason: FailureReason; detail: string } | null;
  /** Per-file problems that did not stop other documents of the same message. */
  warnings: { reason: FailureReason; detail: string }[];
}
