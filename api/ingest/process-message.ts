/**
 * One e-mail, from raw bytes to a committed record: extract its documents, apply the company's
 * rules, keep the originals, and write the message with its documents in one transaction. Nothing
 * here touches the mail server: settling comes after, and only for committed records.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../context.ts";
import { documents, events, messages } from "../db/schema.ts";
import { extractMessage, readHeaderSummary } from "../dian/index.ts";
import type { DianDocument, FailureReason, MessageExtraction } from "../dian/types.ts";
import { MAX_MESSAGE_BYTES } from "../lib/limits.ts";
import { sha256Hex } from "../store/blobs.ts";

export type Outcome = "processed" | "failed" | "duplicate" | "event";

export interface MessageSource {
  protocol: "imap" | "pop3";
  sourceKey: string;
  uidValidity?: string;
  uid?: number;
  uidl?: string;
  size: number;
}

export interface ProcessedMessage {
  id: number;
  outcome: Outcome;
  reasonCode: FailureReason | null;
  newDocuments: number;
  rawBlob: string | null;
  subject: string | null;
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

type Failure = { reason: FailureReason; detail: string };

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

/** A message with these exact bytes was already taken in (copied back into the inbox, resent). */
async function findTakenTwin(ctx: AppContext, companyId: number, sha256: string) {
  const rows = await ctx.db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.companyId, companyId),
        eq(messages.sha256, sha256),
        inArray(messages.outcome, ["processed", "duplicate", "event"]),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

async function storeBlobs(ctx: AppContext, extraction: MessageExtraction) {
  const files = [];
  for (const file of extraction.files) {
    const sha256 = await ctx.blobs.put(file.bytes);
    files.push({ name: file.name, contentType: file.contentType, sha256, size: file.bytes.length });
  }
  return files;
}

function documentRow(
  ctx: { companyId: number; messageId: number },
  doc: DianDocument,
  blobs: DocBlobs,
) {
  const { xml: _xml, attachedDocument: _ad, pdf, ...details } = doc;
  const taxAmount = doc.taxes.reduce((sum, tax) => sum + Number(tax.amount || 0), 0).toFixed(2);
  return {
    companyId: ctx.companyId,
    messageId: ctx.messageId,
    cufe: doc.cufe,
    kind: doc.kind,
    typeCode: doc.typeCode,
    number: doc.number,
    prefix: doc.prefix,
    environment: doc.environment,
    issueDate: doc.issueDate,
    issueTime: doc.issueTime,
    dueDate: doc.dueDate,
    supplierNit: doc.supplier.id,
    supplierName: doc.supplier.registrationName ?? doc.supplier.tradeName,
    customerNit: doc.customer.id,
    customerName: doc.customer.registrationName ?? doc.customer.tradeName,
    currency: doc.currency,
    payableAmount: doc.totals.payable,
    taxInclusiveAmount: doc.totals.taxInclusive,
    taxAmount,
    details: JSON.stringify({ ...details, pdfName: pdf?.name ?? null }),
    xmlBlob: blobs.xml,
    attachedDocumentBlob: blobs.attached,
    pdfBlob: blobs.pdf,
    pdfName: pdf?.name ?? null,
  };
}

interface DocBlobs {
  xml: string;
  attached: string | null;
  pdf: string | null;
}

async function storeDocumentBlobs(ctx: AppContext, doc: DianDocument): Promise<DocBlobs> {
  return {
    xml: await ctx.blobs.put(doc.xml),
    attached: doc.attachedDocument ? await ctx.blobs.put(doc.attachedDocument) : null,
    pdf: doc.pdf ? await ctx.blobs.put(doc.pdf.bytes) : null,
  };
}

function decideOutcome(failure: Failure | null, kept: number, fresh: number, eventCount: number) {
  if (failure) return "failed" as const;
  if (kept === 0) return eventCount > 0 ? ("event" as const) : ("failed" as const);
  return fresh > 0 ? ("processed" as const) : ("duplicate" as const);
}

export async function processMessage(
  ctx: AppContext,
  input: ProcessInput,
): Promise<ProcessedMessage> {
  const sha256 = sha256Hex(input.raw);
  const rawBlob = await ctx.blobs.put(input.raw);
  const extraction = await extract(input);
  // Subjects and addresses name people and companies: debug only.
  const { subject, from } = extraction;
  ctx.logger.debug({ sourceKey: input.source.sourceKey, subject, from }, "message headers");
  const twin = input.oversize ? null : await findTakenTwin(ctx, input.companyId, sha256);

  const rules = twin
    ? { kept: [], failure: null }
    : applyCompanyRules(extraction.documents, input.companyNit);
  const failure: Failure | null = twin ? null : (extraction.failure ?? rules.failure);
  const kept = failure ? [] : rules.kept;
  const keptEvents = failure || twin ? [] : extraction.events;
  const files = await storeBlobs(ctx, extraction);
  const docBlobs = await Promise.all(kept.map((doc) => storeDocumentBlobs(ctx, doc)));
  const eventBlobs = await Promise.all(keptEvents.map((event) => ctx.blobs.put(event.xml)));

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(messages)
      .values({
        companyId: input.companyId,
        mailboxId: input.mailboxId,
        sourceKey: input.source.sourceKey,
        protocol: input.source.protocol,
        uidValidity: input.source.uidValidity ?? null,
        uid: input.source.uid ?? null,
        uidl: input.source.uidl ?? null,
        messageIdHeader: extraction.messageId,
        sha256,
        size: input.source.size,
        subject: extraction.subject,
        subjectHint: extraction.subjectHint ? JSON.stringify(extraction.subjectHint) : null,
        sender: extraction.from,
        receivedAt: extraction.date?.toISOString() ?? null,
        outcome: "failed",
        rawBlob,
        files: JSON.stringify(files),
        settleState: "stored",
        runId: input.runId,
      })
      .returning({ id: messages.id });
    const messageId = row!.id;

    let fresh = 0;
    for (const [index, doc] of kept.entries()) {
      const inserted = await tx
        .insert(documents)
        .values(documentRow({ companyId: input.companyId, messageId }, doc, docBlobs[index]!))
        .onConflictDoNothing()
        .returning({ id: documents.id });
      fresh += inserted.length;
    }
    for (const [index, event] of keptEvents.entries()) {
      await tx.insert(events).values({
        companyId: input.companyId,
        messageId,
        code: event.code,
        description: event.description,
        documentCufe: event.documentCufe,
        cude: event.cude,
        issueDate: event.issueDate,
        xmlBlob: eventBlobs[index]!,
      });
    }

    const outcome = twin
      ? "duplicate"
      : decideOutcome(failure, kept.length, fresh, keptEvents.length);
    const reasonCode = outcome === "failed" ? (failure?.reason ?? "NO_DOCUMENT") : null;
    await tx
      .update(messages)
      .set({
        outcome,
        reasonCode,
        reasonDetail: outcome === "failed" ? (failure?.detail ?? null) : null,
        documentsFound: kept.length,
      })
      .where(eq(messages.id, messageId));
    return {
      id: messageId,
      outcome,
      reasonCode,
      newDocuments: fresh,
      rawBlob,
      subject: extraction.subject,
    };
  });
}
