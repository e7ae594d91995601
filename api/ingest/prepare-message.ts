/**
 * The part of taking an e-mail in that needs no database: read its documents, apply the company's
 * rules and keep the originals in the blob store. What comes out holds blob names, not bytes, so
 * a batch of prepared e-mails is small until record-messages.ts writes it in one transaction.
 */
import type { AppContext } from "../context.ts";
import { extractMessage, readHeaderSummary } from "../dian/index.ts";
import type { DianDocument, DianEvent, FailureReason, MessageExtraction } from "../dian/types.ts";
import { MAX_MESSAGE_BYTES } from "../lib/limits.ts";

export interface MessageSource {
  protocol: "imap" | "pop3";
  sourceKey: string;
  uidValidity?: string;
  uid?: number;
  uidl?: string;
  size: number;
}

export interface ProcessInput {
  companyId: number;
  mailboxId: number;
  companyNit: string | null;
  runId: number | null;
  source: MessageSource;
  /** The whole message; for one over MAX_MESSAGE_BYTES, only its header block. */
  raw: Uint8Array;
  oversize: boolean;
}

export type Failure = { reason: FailureReason; detail: string };

export interface DocumentBlobs {
  xml: string;
  attached: string | null;
  pdf: string | null;
}

/** A document as it will be recorded: its reading without the bytes, and its blobs. */
export type KeptDocument = Omit<DianDocument, "xml" | "attachedDocument"> & {
  blobs: DocumentBlobs;
};

export type KeptEvent = Omit<DianEvent, "xml"> & { xmlBlob: string };

export interface PreparedMessage {
  input: Omit<ProcessInput, "raw">;
  sha256: string;
  rawBlob: string;
  header: Pick<MessageExtraction, "messageId" | "subject" | "from" | "date" | "subjectHint">;
  /** JSON of the files found: name, content type, blob, size. */
  files: string;
  /** Why the e-mail fails, before the twin check (a twin of a taken e-mail fails nothing). */
  failure: Failure | null;
  documents: KeptDocument[];
  events: KeptEvent[];
}

/** Company rules (DIAN Anexo 1.9 §9.1): production documents addressed to this company only. */
function applyCompanyRules(docs: DianDocument[], companyNit: string | null) {
  const production = docs.filter((doc) => doc.environment !== "2");
  if (docs.length > 0 && production.length === 0) {
    const failure: Failure = {
      reason: "TEST_ENVIRONMENT",
      detail: "ProfileExecutionID 2 (habilitación)",
    };
    return { kept: [], failure };
  }
  if (!companyNit) return { kept: production, failure: null };
  const kept = production.filter((doc) => doc.customer.id.replace(/\D/g, "") === companyNit);
  if (production.length > 0 && kept.length === 0) {
    const others = [...new Set(production.map((doc) => doc.customer.id))].join(", ");
    const failure: Failure = { reason: "WRONG_RECIPIENT_NIT", detail: `NIT adquiriente ${others}` };
    return { kept, failure };
  }
  return { kept, failure: null };
}

async function extract(input: ProcessInput): Promise<MessageExtraction> {
  if (!input.oversize) return extractMessage(input.raw, { maxBytes: MAX_MESSAGE_BYTES });
  const header = await readHeaderSummary(input.raw);
  return {
    ...header,
    subjectHint: null,
    documents: [],
    events: [],
    files: [],
    failure: { reason: "MESSAGE_TOO_LARGE", detail: `${input.source.size} bytes` },
    warnings: [],
  };
}

async function keepDocument(ctx: AppContext, doc: DianDocument): Promise<KeptDocument> {
  const { xml, attachedDocument, ...reading } = doc;
  const [xmlBlob, attached, pdf] = await Promise.all([
    ctx.blobs.put(xml),
    attachedDocument ? ctx.blobs.put(attachedDocument) : null,
    doc.pdf ? ctx.blobs.put(doc.pdf.bytes) : null,
  ]);
  return { ...reading, blobs: { xml: xmlBlob, attached, pdf } };
}

async function keepEvent(ctx: AppContext, event: DianEvent): Promise<KeptEvent> {
  const { xml, ...reading } = event;
  return { ...reading, xmlBlob: await ctx.blobs.put(xml) };
}

async function keepFiles(ctx: AppContext, extraction: MessageExtraction): Promise<string> {
  const files = await Promise.all(
    extraction.files.map(async (file) => ({
      name: file.name,
      contentType: file.contentType,
      sha256: await ctx.blobs.put(file.bytes),
      size: file.bytes.length,
    })),
  );
  return JSON.stringify(files);
}

/** An e-mail read, its documents still in memory. */
export interface ReadMessage {
  input: ProcessInput;
  extraction: MessageExtraction;
  failure: Failure | null;
  documents: DianDocument[];
  events: DianEvent[];
}

/** Reads one e-mail's documents and applies the company's rules; stores nothing. */
export async function readMessage(ctx: AppContext, input: ProcessInput): Promise<ReadMessage> {
  const extraction = await extract(input);
  // Subjects and addresses name people and companies: debug only.
  const { subject, from } = extraction;
  ctx.logger.debug({ sourceKey: input.source.sourceKey, subject, from }, "message headers");
  const rules = applyCompanyRules(extraction.documents, input.companyNit);
  const failure = extraction.failure ?? rules.failure;
  const documents = failure ? [] : rules.kept;
  const events = failure ? [] : extraction.events;
  return { input, extraction, failure, documents, events };
}

/**
 * Keeps the originals of an e-mail read: the raw bytes, the files found, each document's XML and
 * PDF. All are put at once, so the store writes them together (and with those of the e-mails
 * read beside it).
 */
export async function keepOriginals(ctx: AppContext, read: ReadMessage): Promise<PreparedMessage> {
  const { input, extraction } = read;
  const [rawBlob, files, documents, events] = await Promise.all([
    ctx.blobs.put(input.raw),
    keepFiles(ctx, extraction),
    Promise.all(read.documents.map((doc) => keepDocument(ctx, doc))),
    Promise.all(read.events.map((event) => keepEvent(ctx, event))),
  ]);
  const { raw: _raw, ...rest } = input;
  const { subject, from, messageId, date, subjectHint } = extraction;
  return {
    input: rest,
    // The blob's name is the SHA-256 of the raw bytes (store/blobs.ts): no second pass over them.
    sha256: rawBlob,
    rawBlob,
    header: { subject, from, messageId, date, subjectHint },
    files,
    failure: read.failure,
    documents,
    events,
  };
}

export async function prepareMessage(
  ctx: AppContext,
  input: ProcessInput,
): Promise<PreparedMessage> {
  return keepOriginals(ctx, await readMessage(ctx, input));
}
