import { readAttachedDocument } from "./read-attached-document.ts";
import { DianReadError } from "./read-error.ts";
import { readEvent } from "./read-event.ts";
import { readUblDocument } from "./read-ubl-document.ts";
import type { DianDocument, DianEvent } from "./types.ts";
import { rootKind } from "./ubl-names.ts";
import { readXml, type XmlElement } from "./xml-dom.ts";

/** What one XML file holds: a document (bare or wrapped) or an event. */
export type DianXmlContent = { document: DianDocument } | { event: DianEvent };

/**
 * Reads one XML file: an AttachedDocument, a bare Invoice/CreditNote/DebitNote or an
 * ApplicationResponse. Throws DianReadError (MALFORMED_XML, UNSUPPORTED_DOCUMENT,
 * INVALID_DOCUMENT, LIMIT_EXCEEDED) for anything else.
 */
export function readDianXml(bytes: Uint8Array): DianXmlContent {
  const root = readXml(bytes);
  const kind = rootKind(root);

  if (kind === "AttachedDocument") return readContainer(root, bytes);
  if (kind === "ApplicationResponse") return { event: readEvent(root, bytes) };
  if (kind) return { document: readUblDocument(root, kind, bytes) };
  throw new DianReadError(
    "UNSUPPORTED_DOCUMENT",
    `XML root ${root.local} (${root.ns || "no namespace"}) is not a DIAN document`,
  );
}

/**
 * Reads an Invoice, CreditNote or DebitNote, bare or inside an AttachedDocument. Throws
 * DianReadError when the bytes hold anything else, events included.
 */
export function readDianDocument(bytes: Uint8Array): DianDocument {
  const content = readDianXml(bytes);
  if ("document" in content) return content.document;
  throw new DianReadError("UNSUPPORTED_DOCUMENT", "XML is an ApplicationResponse, not a document");
}

/** The data comes from the embedded document, never the wrapper (NOTES §2.1). */
function readContainer(root: XmlElement, container: Uint8Array): DianXmlContent {
  const { inner, validation } = readAttachedDocument(root);
  const kind = rootKind(inner.root);

  if (kind === "ApplicationResponse") return { event: readEvent(inner.root, inner.xml) };
  if (!kind || kind === "AttachedDocument") {
    throw new DianReadError(
      "UNSUPPORTED_DOCUMENT",
      `AttachedDocument embeds ${inner.root.local}, not a DIAN document`,
    );
  }

  const document = readUblDocument(inner.root, kind, inner.xml);
  return { document: { ...document, validation, attachedDocument: container } };
}
