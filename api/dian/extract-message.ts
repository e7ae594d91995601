import { MAX_MESSAGE_BYTES, MAX_MULTIPART_CONTAINERS } from "../lib/limits.ts";
import { chooseFailure } from "./choose-failure.ts";
import { pairPdfs, type PlacedDocument } from "./pair-pdfs.ts";
import { parseSubject } from "./parse-subject.ts";
import { countMultipartContainers, readHeaderSummary, type HeaderSummary } from "./read-headers.ts";
import { createBudget } from "./read-budget.ts";
import { readDianXml } from "./read-dian-xml.ts";
import { describeProblem } from "./read-error.ts";
import type { DianEvent, MessageExtraction } from "./types.ts";
import { readMimeAttachments, type MimeAttachment } from "./read-mime.ts";
import { walkAttachments, type WalkState } from "./walk-message.ts";

/**
 * Reads one raw e-mail into the DIAN documents and events it carries. Every input gets an
 * outcome: bad input ends in `failure` or `warnings`, never in an exception.
 */
export async function extractMessage(
  raw: Uint8Array,
  options: { maxBytes?: number } = {},
): Promise<MessageExtraction> {
  const maxBytes = options.maxBytes ?? MAX_MESSAGE_BYTES;
  if (raw.byteLength > maxBytes) {
    return {
      ...emptyExtraction(),
      failure: {
        reason: "MESSAGE_TOO_LARGE",
        detail: `message is ${raw.byteLength} bytes, over ${maxBytes}`,
      },
    };
  }

  const containers = countMultipartContainers(raw);
  if (containers > MAX_MULTIPART_CONTAINERS) {
    return {
      ...emptyExtraction(),
      ...(await readHeaderSummary(raw)),
      failure: { reason: "LIMIT_EXCEEDED", detail: `${containers} multipart containers` },
    };
  }

  const header = await readHeaderSummary(raw);
  let attachments: MimeAttachment[];
  try {
    attachments = readMimeAttachments(raw);
  } catch {
    return {
      ...emptyExtraction(),
      ...header,
      failure: { reason: "NO_DOCUMENT", detail: "message is not readable MIME" },
    };
  }

  const state: WalkState = {
    budget: createBudget(),
    files: [],
    xmls: [],
    pdfs: [],
    warnings: [],
    forwardedSubjects: [],
    groups: 0,
  };
  await walkAttachments(attachments, 0, state);
  return summarize(header, state);
}

function summarize(header: HeaderSummary, state: WalkState): MessageExtraction {
  const placed: PlacedDocument[] = [];
  const events: DianEvent[] = [];
  for (const xml of state.xmls) {
    try {
      const content = readDianXml(xml.bytes);
      if ("event" in content) events.push(content.event);
      else placed.push({ document: content.document, xmlName: xml.name, group: xml.group });
    } catch (error) {
      const { reason, detail } = describeProblem(error);
      state.warnings.push({ reason, detail: `${xml.name || "XML"}: ${detail}` });
    }
  }

  const documents = pairPdfs(dropRepeats(placed), state.pdfs);
  const { subject } = header;
  return {
    ...header,
    subjectHint:
      parseSubject(subject) ?? state.forwardedSubjects.map(parseSubject).find(Boolean) ?? null,
    documents,
    events: dropRepeatedEvents(events),
    files: state.files,
    failure: documents.length || events.length ? null : chooseFailure(state.warnings),
    warnings: state.warnings,
  };
}

/**
 * One CUFE, one document: a forward may repeat the original's ZIP, and a ZIP may hold both the
 * AttachedDocument and the bare invoice. The copy inside an AttachedDocument wins.
 */
function dropRepeats(placed: PlacedDocument[]): PlacedDocument[] {
  const kept = new Map<string, PlacedDocument>();
  for (const item of placed) {
    const key = `${item.document.kind}:${item.document.cufe}`;
    const previous = kept.get(key);
    if (!previous || (!previous.document.attachedDocument && item.document.attachedDocument))
      kept.set(key, item);
  }
  return [...kept.values()];
}

function dropRepeatedEvents(events: DianEvent[]): DianEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    if (!event.cude) return true;
    if (seen.has(event.cude)) return false;
    seen.add(event.cude);
    return true;
  });
}

function emptyExtraction(): MessageExtraction {
  return {
    messageId: null,
    subject: null,
    from: null,
    date: null,
    subjectHint: null,
    documents: [],
    events: [],
    files: [],
    failure: null,
    warnings: [],
  };
}
