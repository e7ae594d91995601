import { DianReadError } from "./read-error.ts";

const ENCODING_IN_DECLARATION = /^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

/** Labels TextDecoder knows that suppliers put in the XML declaration (NOTES §3). */
const KNOWN_ENCODINGS = new Set([
  "utf-8",
  "utf8",
  "iso-8859-1",
  "latin1",
  "windows-1252",
  "cp1252",
  "us-ascii",
  "ascii",
  "iso-8859-15",
  "utf-16",
  "utf-16le",
  "utf-16be",
]);

/**
 * Decodes XML bytes to text: a UTF-8 or UTF-16 byte-order mark wins, then the declaration's
 * encoding, then UTF-8 (the XML default). The BOM is not part of the text.
 */
export function decodeXmlBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return decode(bytes.subarray(3), "utf-8");
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode(bytes.subarray(2), "utf-16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode(bytes.subarray(2), "utf-16be");

  return decode(bytes, declaredEncoding(bytes) ?? "utf-8");
}

function declaredEncoding(bytes: Uint8Array): string | null {
  // The declaration is ASCII in every encoding we accept, so latin1 reads it safely.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200)).trimStart();
  const label = ENCODING_IN_DECLARATION.exec(head)?.[1]?.toLowerCase();
  if (!label) return null;
  if (!KNOWN_ENCODINGS.has(label))
    throw new DianReadError("MALFORMED_XML", `unsupported XML encoding ${label}`);
  // A UTF-16 declaration on bytes without a BOM is a lie about what follows; read UTF-8.
  return label.startsWith("utf-16") ? "utf-8" : label;
}

function decode(bytes: Uint8Array, label: string): string {
  if (label !== "utf-8" && label !== "utf8") return new TextDecoder(label).decode(bytes);

  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Real files declare UTF-8 and hold Latin-1 accents (NOTES §3); windows-1252 reads them.
    return new TextDecoder("windows-1252").decode(bytes);
  }
}
