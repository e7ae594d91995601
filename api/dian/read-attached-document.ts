import { DianReadError } from "./read-error.ts";
import type { DianValidation } from "./types.ts";
import { all, first, rootKind, text } from "./ubl-names.ts";
import { readXml, readXmlText, type XmlElement } from "./xml-dom.ts";

/** What an AttachedDocument carries: the embedded document and DIAN's verdict on it. */
export interface AttachedContent {
  inner: { root: XmlElement; xml: Uint8Array };
  validation: DianValidation | null;
}

/**
 * Unwraps an AttachedDocument (NOTES §2.1). The embedded document sits in
 * Attachment/ExternalReference/Description as CDATA or as escaped text (both read the same once
 * parsed), or as base64 in Attachment/EmbeddedDocumentBinaryObject.
 */
export function readAttachedDocument(root: XmlElement): AttachedContent {
  const inner = readEmbedded(first(root, "cac:Attachment"));
  if (!inner)
    throw new DianReadError("INVALID_DOCUMENT", "AttachedDocument holds no embedded document");

  const reference = first(root, "cac:ParentDocumentLineReference", "cac:DocumentReference");
  return { inner, validation: reference ? readValidation(reference) : null };
}

function readEmbedded(attachment: XmlElement | null): AttachedContent["inner"] | null {
  const descriptions = all(attachment, "cac:ExternalReference", "cbc:Description");
  const source = descriptions
    .map((description) => description.text)
    .join("")
    .trim();
  if (source.startsWith("<")) {
    return { root: readXmlText(source), xml: new TextEncoder().encode(source) };
  }

  const binary = text(attachment, "cbc:EmbeddedDocumentBinaryObject");
  if (!binary) return null;
  const xml = new Uint8Array(Buffer.from(binary.replace(/\s+/g, ""), "base64"));
  return { root: readXml(xml), xml };
}

/** ResultOfVerification of the container plus the response of DIAN's ApplicationResponse. */
function readValidation(reference: XmlElement): DianValidation {
  const verification = first(reference, "cac:ResultOfVerification");
  const response = readDianResponse(reference);
  return {
    resultCode: text(verification, "cbc:ValidationResultCode"),
    validationDate: text(verification, "cbc:ValidationDate"),
    validationTime: text(verification, "cbc:ValidationTime"),
    responseCode: response?.code ?? null,
    responseDescription: response?.description ?? null,
  };
}

function readDianResponse(
  reference: XmlElement,
): { code: string | null; description: string | null } | null {
  const source = all(reference, "cac:Attachment", "cac:ExternalReference", "cbc:Description")
    .map((description) => description.text)
    .join("")
    .trim();
  if (!source.startsWith("<")) return null;

  try {
    const response = readXmlText(source);
    if (rootKind(response) !== "ApplicationResponse") return null;
    const documentResponse = first(response, "cac:DocumentResponse", "cac:Response");
    return {
      code: text(documentResponse, "cbc:ResponseCode"),
      description: text(documentResponse, "cbc:Description"),
    };
  } catch (error) {
    // DIAN's response is evidence, not the document: a broken one must not lose the invoice.
    if (error instanceof DianReadError) return null;
    throw error;
  }
}
