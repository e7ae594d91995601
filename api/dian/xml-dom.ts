import { SaxesParser } from "saxes";
import { MAX_XML_DEPTH } from "../lib/limits.ts";
import { DianReadError } from "./read-error.ts";
import { decodeXmlBytes } from "./xml-decode.ts";

/** An element of the small DOM the DIAN reader walks: names resolved to namespace URIs. */
export interface XmlElement {
  ns: string;
  local: string;
  /** Attributes without a namespace (schemeID, schemeName, currencyID...), by local name. */
  attrs: Record<string, string>;
  elements: XmlElement[];
  /** The element's own character data (text and CDATA), not its descendants'. */
  text: string;
}

/**
 * Reads XML bytes into a namespace-aware tree. Refuses DTDs (no entity expansion, so no billion
 * laughs), trees deeper than MAX_XML_DEPTH and anything not well-formed, as MALFORMED_XML.
 */
export function readXml(bytes: Uint8Array): XmlElement {
  return readXmlText(decodeXmlBytes(bytes));
}

/** Same as readXml, for XML that is already text (a document embedded in a CDATA section). */
export function readXmlText(source: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;

  parser.on("doctype", () => {
    throw new DianReadError("MALFORMED_XML", "XML with a DOCTYPE is refused");
  });
  parser.on("opentag", (tag) => {
    if (stack.length >= MAX_XML_DEPTH) {
      throw new DianReadError("LIMIT_EXCEEDED", `XML nested deeper than ${MAX_XML_DEPTH} levels`);
    }
    const element = toElement(tag);
    stack.at(-1)?.elements.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on("closetag", () => void stack.pop());
  parser.on("text", (text) => appendText(stack, text));
  parser.on("cdata", (text) => appendText(stack, text));

  try {
    parser.write(stripLeadingWhitespace(source)).close();
  } catch (cause) {
    if (cause instanceof DianReadError) throw cause;
    throw new DianReadError("MALFORMED_XML", `XML is not well-formed: ${firstLine(cause)}`, {
      cause,
    });
  }
  if (!root) throw new DianReadError("MALFORMED_XML", "XML has no root element");
  return root;
}

type SaxesTag = {
  local: string;
  uri: string;
  attributes: Record<string, { uri: string; local: string; value: string }>;
};

function toElement(tag: SaxesTag): XmlElement {
  const attrs: Record<string, string> = {};
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.uri === "") attrs[attribute.local] = attribute.value;
  }
  return { ns: tag.uri, local: tag.local, attrs, elements: [], text: "" };
}

function appendText(stack: XmlElement[], text: string): void {
  const current = stack.at(-1);
  if (current) current.text += text;
}

/** Whitespace before `<?xml` makes a document ill-formed; some senders add it anyway. */
function stripLeadingWhitespace(source: string): string {
  const start = source.search(/\S/);
  return start > 0 ? source.slice(start) : source;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0] ?? "";
}
