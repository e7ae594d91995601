import type { DianEvent } from "./types.ts";
import { first, text } from "./ubl-names.ts";
import type { XmlElement } from "./xml-dom.ts";

/** Reads an ApplicationResponse: a RADIAN event (030–034) or DIAN's own validation response. */
export function readEvent(root: XmlElement, xml: Uint8Array): DianEvent {
  const documentResponse = first(root, "cac:DocumentResponse");
  return {
    code: text(documentResponse, "cac:Response", "cbc:ResponseCode"),
    description: text(documentResponse, "cac:Response", "cbc:Description"),
    documentCufe:
      text(documentResponse, "cac:DocumentReference", "cbc:UUID")?.toLowerCase() ?? null,
    eventId: text(root, "cbc:ID"),
    cude: text(root, "cbc:UUID")?.toLowerCase() ?? null,
    issueDate: text(root, "cbc:IssueDate"),
    xml,
  };
}
