/**
 * The identifying headers of a message whose body is not parsed: too large to download, or built
 * to exhaust a MIME parser. Only the top header block is read, each line cut to a sane length.
 */
import { MAX_HEADER_BLOCK_BYTES, MAX_HEADER_LINE_CHARS } from "../lib/limits.ts";
import { simpleParser } from "mailparser";

export interface HeaderSummary {
  messageId: string | null;
  subject: string | null;
  from: string | null;
  date: Date | null;
}

function headerBlock(raw: Uint8Array): Uint8Array {
  const text = Buffer.from(raw.subarray(0, MAX_HEADER_BLOCK_BYTES)).toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  const block = end >= 0 ? text.slice(0, end) : text;
  const lines = block.split(/\r?\n/).map((line) => line.slice(0, MAX_HEADER_LINE_CHARS));
  // A header block with no body: the parser reads identification only.
  return Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
}

/** mailparser reads the header block alone: encoded words, addresses and dates as it knows them. */
function parseHeaderBlock(block: Uint8Array) {
  return simpleParser(Buffer.from(block.buffer, block.byteOffset, block.byteLength), {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
}

export async function readHeaderSummary(raw: Uint8Array): Promise<HeaderSummary> {
  const mail = await parseHeaderBlock(headerBlock(raw)).catch(() => null);
  return {
    messageId: mail?.messageId ?? null,
    subject: mail?.subject?.trim() || null,
    from: mail?.from?.value[0]?.address ?? null,
    date: mail?.date ?? null,
  };
}

/** Counts multipart containers by their Content-Type headers, without parsing. */
export function countMultipartContainers(raw: Uint8Array): number {
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("latin1");
  return text.match(/^content-type:[ \t]*multipart\//gim)?.length ?? 0;
}
