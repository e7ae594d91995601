/** What a file is, judged by its bytes first and its name or declared type only as a hint. */
export type FileKind = "zip" | "pdf" | "xml" | "message" | "other";

const DIAN_ROOT =
  /^<(?:[\w.-]+:)?(?:AttachedDocument|Invoice|CreditNote|DebitNote|ApplicationResponse)[\s>/]/;

export function sniffFile(name: string, contentType: string, bytes: Uint8Array): FileKind {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]))
    return "zip";
  if (hasPdfMagic(bytes)) return "pdf";
  if (/^message\/rfc822/i.test(contentType) || /\.eml$/i.test(name)) return "message";
  if (looksLikeXml(name, contentType, bytes)) return "xml";
  return "other";
}

/** The content type Buzón stores a file under, whatever the sender declared. */
export const STORED_TYPES = {
  zip: "application/zip",
  pdf: "application/pdf",
  xml: "application/xml",
} as const;

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}

/** PDF readers accept `%PDF-` anywhere in the first KB; so do we. */
function hasPdfMagic(bytes: Uint8Array): boolean {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  return head.includes("%PDF-");
}

/**
 * An XML declaration, a DIAN root element, or a name or type that says XML. HTML and other
 * markup attachments (logos in SVG, say) stay out unless they claim to be XML.
 */
function looksLikeXml(name: string, contentType: string, bytes: Uint8Array): boolean {
  if (/\.xml$/i.test(name) || /[/+]xml\b/i.test(contentType)) return true;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return true;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return true;

  const head = new TextDecoder("latin1")
    .decode(bytes.subarray(0, 512))
    .replace(/^\u00ef\u00bb\u00bf/, "")
    .trimStart();
  return head.startsWith("<?xml") || DIAN_ROOT.test(head);
}
