/**
 * Writes prepared e-mails, with their documents and events, in one database batch: one
 * transaction per fetched batch instead of one per e-mail, and nothing for the mail server
 * happens until it commits. The batch is a single call to the client, never an interactive
 * transaction: with a file database, another run's write landing inside an open transaction of
 * this process waited out the busy timeout with the event loop blocked (seen with 12 runs at once).
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { AppContext } from "../context.ts";
import { documents, events, messages } from "../db/schema.ts";
import type { FailureReason } from "../dian/types.ts";
import type { KeptDocument, KeptEvent, PreparedMessage } from "./prepare-message.ts";

export type Outcome = "processed" | "failed" | "duplicate" | "event";

export interface ProcessedMessage {
  id: number;
  outcome: Outcome;
  reasonCode: FailureReason | null;
  rawBlob: string | null;
  subject: string | null;
}

/** Outcomes whose e-mail counts as taken in: the same bytes again are a duplicate. */
const TAKEN: Outcome[] = ["processed", "duplicate", "event"];

/** Rows per INSERT: a document row binds 27 values, well under SQLite's 32,766 variables. */
const ROWS_PER_STATEMENT = 200;

interface Plan {
  message: PreparedMessage;
  outcome: Outcome;
  reasonCode: FailureReason | null;
  reasonDetail: string | null;
  documents: KeptDocument[];
  events: KeptEvent[];
}

/** Hashes of e-mails this company already took in, among these. */
async function findTakenTwins(ctx: AppContext, companyId: number, hashes: string[]) {
  if (hashes.length === 0) return new Set<string>();
  const rows = await ctx.db
    .select({ sha256: messages.sha256 })
    .from(messages)
    .where(
      and(
        eq(messages.companyId, companyId),
        inArray(messages.sha256, hashes),
        inArray(messages.outcome, TAKEN),
      ),
    );
  return new Set(rows.map((row) => row.sha256));
}

/**
 * Each e-mail's outcome, in order: a copy of one taken before (or earlier in the batch) is a
 * duplicate; one with documents is "duplicate" until the batch finds one of them new.
 */
function planOutcomes(prepared: PreparedMessage[], twins: Set<string>): Plan[] {
  const taken = new Set(twins);
  return prepared.map((message) => {
    const twin = !message.input.oversize && taken.has(message.sha256);
    const failure = twin ? null : message.failure;
    const docs = twin ? [] : message.documents;
    const kept = twin ? [] : message.events;
    let outcome: Outcome;
    if (twin || docs.length > 0) outcome = "duplicate";
    else if (!failure && kept.length > 0) outcome = "event";
    else outcome = "failed";
    if (outcome !== "failed") taken.add(message.sha256);
    const failed = outcome === "failed";
    return {
      message,
      outcome,
      reasonCode: failed ? (failure?.reason ?? "NO_DOCUMENT") : null,
      reasonDetail: failed ? (failure?.detail ?? null) : null,
      documents: docs,
      events: kept,
    };
  });
}

function messageRow({ message, outcome, reasonCode, reasonDetail, documents: docs }: Plan) {
  const { input, header } = message;
  return {
    companyId: input.companyId,
    mailboxId: input.mailboxId,
    sourceKey: input.source.sourceKey,
    protocol: input.source.protocol,
    uidValidity: input.source.uidValidity ?? null,
    uid: input.source.uid ?? null,
    uidl: input.source.uidl ?? null,
    messageIdHeader: header.messageId,
    sha256: message.sha256,
    size: input.source.size,
    subject: header.subject,
    subjectHint: header.subjectHint ? JSON.stringify(header.subjectHint) : null,
    sender: header.from,
    receivedAt: header.date?.toISOString() ?? null,
    outcome,
    reasonCode,
    reasonDetail,
    documentsFound: docs.length,
    rawBlob: message.rawBlob,
    files: message.files,
    settleState: "stored",
    runId: input.runId,
  };
}

/** The id of a message row written earlier in the same batch. */
function idOf(message: PreparedMessage): SQL<number> {
  const { mailboxId, source } = message.input;
  const where = and(eq(messages.mailboxId, mailboxId), eq(messages.sourceKey, source.sourceKey));
  return sql<number>`(select ${messages.id} from ${messages} where ${where})`;
}

function documentRow(message: PreparedMessage, doc: KeptDocument) {
  const { blobs, pdf, ...details } = doc;
  const taxAmount = doc.taxes.reduce((sum, tax) => sum + Number(tax.amount || 0), 0).toFixed(2);
  return {
    companyId: message.input.companyId,
    messageId: idOf(message),
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

function eventRow(message: PreparedMessage, event: KeptEvent) {
  return {
    companyId: message.input.companyId,
    messageId: idOf(message),
    code: event.code,
    description: event.description,
    documentCufe: event.documentCufe,
    cude: event.cude,
    issueDate: event.issueDate,
    xmlBlob: event.xmlBlob,
  };
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    out.push(rows.slice(start, start + ROWS_PER_STATEMENT));
  }
  return out;
}

/** Statements after the message rows: documents (a CUFE already stored is skipped), events. */
function attachmentStatements(ctx: AppContext, plans: Plan[]): BatchItem<"sqlite">[] {
  const docRows = plans.flatMap((p) => p.documents.map((doc) => documentRow(p.message, doc)));
  const eventRows = plans.flatMap((p) => p.events.map((event) => eventRow(p.message, event)));
  return [
    ...chunks(docRows).map((rows) => ctx.db.insert(documents).values(rows).onConflictDoNothing()),
    ...chunks(eventRows).map((rows) => ctx.db.insert(events).values(rows)),
  ];
}

/**
 * Messages whose documents were all stored before stay "duplicate"; the others are processed.
 * A document row names the message that inserted it, and a CUFE already stored kept its older
 * message: found through the (company, CUFE) index, as documents has none on message_id.
 */
function markProcessed(ctx: AppContext, companyId: number, mailboxId: number, plans: Plan[]) {
  const withDocuments = plans.filter((p) => p.documents.length > 0);
  const keys = withDocuments.map((p) => p.message.input.source.sourceKey);
  const cufes = withDocuments.flatMap((p) => p.documents.map((doc) => doc.cufe));
  const inserters = ctx.db
    .select({ id: documents.messageId })
    .from(documents)
    .where(and(eq(documents.companyId, companyId), inArray(documents.cufe, cufes)));
  return ctx.db
    .update(messages)
    .set({ outcome: "processed" })
    .where(
      and(
        eq(messages.mailboxId, mailboxId),
        inArray(messages.sourceKey, keys),
        inArray(messages.id, inserters),
      ),
    )
    .returning({ sourceKey: messages.sourceKey });
}

/**
 * Records e-mails of one mailbox in one transaction and answers each one's record, in order.
 * Throws (and records none of them) when the database refuses the batch.
 */
export async function recordMessages(
  ctx: AppContext,
  prepared: PreparedMessage[],
): Promise<ProcessedMessage[]> {
  if (prepared.length === 0) return [];
  const { companyId, mailboxId } = prepared[0]!.input;
  const twins = await findTakenTwins(
    ctx,
    companyId,
    prepared.filter((p) => !p.input.oversize).map((p) => p.sha256),
  );
  const plans = planOutcomes(prepared, twins);

  const insertMessages = chunks(plans.map(messageRow)).map((rows) =>
    ctx.db.insert(messages).values(rows).returning({ id: messages.id, key: messages.sourceKey }),
  );
  const statements: BatchItem<"sqlite">[] = [
    ...insertMessages,
    ...attachmentStatements(ctx, plans),
    markProcessed(ctx, companyId, mailboxId, plans) as BatchItem<"sqlite">,
  ];
  const results = await ctx.db.batch(statements as [BatchItem<"sqlite">]);

  const inserted = results.slice(0, insertMessages.length).flat() as { id: number; key: string }[];
  const ids = new Map(inserted.map((row) => [row.key, row.id]));
  const processed = new Set((results.at(-1) as { sourceKey: string }[]).map((r) => r.sourceKey));
  return plans.map(({ message, outcome, reasonCode }) => {
    const key = message.input.source.sourceKey;
    return {
      id: ids.get(key)!,
      outcome: processed.has(key) ? "processed" : outcome,
      reasonCode,
      rawBlob: message.rawBlob,
      subject: message.header.subject,
    };
  });
}
