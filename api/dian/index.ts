/** The DIAN reader: from a raw e-mail to the documents and events it carries. Pure, no I/O. */
export { extractMessage } from "./extract-message.ts";
export { computeNitDv } from "../../shared/nit.ts";
export { parseSubject } from "./parse-subject.ts";
export { readDianDocument, readDianXml, type DianXmlContent } from "./read-dian-xml.ts";
export { DianReadError } from "./read-error.ts";
export { readXml, readXmlText, type XmlElement } from "./xml-dom.ts";
export type * from "./types.ts";
export { readHeaderSummary, type HeaderSummary } from "./read-headers.ts";
