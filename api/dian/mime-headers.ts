/**
 * The three headers that shape a MIME part (Content-Type, Content-Transfer-Encoding,
 * Content-Disposition), with their parameters: quoted strings, RFC 2231 continuations and
 * charsets (`filename*0*=utf-8''...`), and RFC 2047 encoded words, which many mailers put in
 * file names although the RFC does not allow it there.
 */

export interface HeaderField {
  /** The value before the first ";", lower-cased. */
  value: string;
  /** Parameters by lower-cased name, decoded. */
  params: Record<string, string>;
}

const SHAPING = new Set(["content-type", "content-transfer-encoding", "content-disposition"]);

const PARAM = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;

/** Bytes in a charset by name; unknown charsets read as latin1 rather than fail. */
function decodeText(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset.trim() || "utf-8").decode(bytes);
  } catch {
    return Buffer.from(bytes).toString("latin1");
  }
}

function percentDecode(text: string): Uint8Array {
  const binary = text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
  return Buffer.from(binary, "latin1");
}

/** RFC 2047 encoded words (`=?utf-8?B?...?=`); whitespace between two of them is dropped. */
export function decodeWords(text: string): string {
  const joined = text.replace(/(\?=)\s+(?==\?)/g, "$1");
  return joined.replace(/=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g, (word, charset, kind, data) => {
    const bytes =
      kind.toUpperCase() === "B"
        ? Buffer.from(data, "base64")
        : Buffer.from(
            data
              .replace(/_/g, " ")
              .replace(/=([0-9A-Fa-f]{2})/g, (_: string, hex: string) =>
                String.fromCharCode(parseInt(hex, 16)),
              ),
            "latin1",
          );
    return decodeText(bytes, charset.split("*")[0]!);
  });
}

function unquote(raw: string): string {
  const text = raw.trim();
  if (!text.startsWith('"')) return text;
  return text
    .slice(1, text.endsWith('"') && text.length > 1 ? -1 : undefined)
    .replace(/\\(.)/g, "$1");
}

/** Joins `name*0`, `name*1*`... (RFC 2231 §3, §4) and decodes the charset of the first piece. */
function joinExtended(pieces: { index: number; encoded: boolean; text: string }[]): string {
  pieces.sort((a, b) => a.index - b.index);
  const first = pieces[0]!;
  const charset = first.encoded ? (/^([^']*)'[^']*'/.exec(first.text)?.[1] ?? "") : "";
  const bytes = pieces.map((piece, i) => {
    const text = i === 0 && piece.encoded ? piece.text.replace(/^[^']*'[^']*'/, "") : piece.text;
    return piece.encoded ? percentDecode(text) : Buffer.from(text, "latin1");
  });
  return decodeText(Buffer.concat(bytes), charset || "utf-8");
}

function parseParams(text: string): Record<string, string> {
  const plain: Record<string, string> = {};
  const extended = new Map<string, { index: number; encoded: boolean; text: string }[]>();
  for (const [, key, raw] of text.matchAll(PARAM)) {
    const name = key!.toLowerCase();
    const value = unquote(raw!);
    const parts = /^([^*]+)(?:\*(\d+))?(\*)?$/.exec(name);
    if (!parts || (!parts[2] && !parts[3])) {
      plain[name] = decodeWords(value);
      continue;
    }
    const pieces = extended.get(parts[1]!) ?? [];
    pieces.push({ index: Number(parts[2] ?? 0), encoded: Boolean(parts[3]), text: value });
    extended.set(parts[1]!, pieces);
  }
  for (const [name, pieces] of extended) plain[name] = joinExtended(pieces);
  return plain;
}

function parseField(text: string): HeaderField {
  const semicolon = text.search(/;/);
  const main = semicolon < 0 ? text : text.slice(0, semicolon);
  return {
    value: main.trim().toLowerCase(),
    params: semicolon < 0 ? {} : parseParams(text.slice(semicolon)),
  };
}

/** The shaping headers of a header block (the first of each), unfolded (RFC 5322 §2.2.3). */
export function readHeaderFields(block: string): Map<string, HeaderField> {
  const fields = new Map<string, HeaderField>();
  const lines = block.split(/\r?\n(?![ \t])/);
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!SHAPING.has(name) || fields.has(name)) continue;
    fields.set(name, parseField(line.slice(colon + 1).replace(/\r?\n[ \t]+/g, " ")));
  }
  return fields;
}
