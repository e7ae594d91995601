import type { DianDocument } from "./types.ts";
import type { FoundFile } from "./walk-message.ts";

/** A document and where its XML was found. */
export interface PlacedDocument {
  document: DianDocument;
  xmlName: string;
  group: number;
}

/**
 * Gives each document the PDF beside it: the only PDF of its ZIP, else one named like its XML
 * or carrying its CUFE or number; failing that, the message's only unclaimed PDF when exactly one
 * document still lacks one.
 */
export function pairPdfs(placed: PlacedDocument[], pdfs: FoundFile[]): DianDocument[] {
  const claimed = new Set<FoundFile>();
  const paired = new Map<PlacedDocument, FoundFile>();

  for (const item of placed) {
    const sameGroup = pdfs.filter((pdf) => pdf.group === item.group && !claimed.has(pdf));
    const siblings = placed.filter((other) => other.group === item.group);
    const pdf =
      siblings.length === 1 && sameGroup.length === 1
        ? sameGroup[0]
        : sameGroup.find((candidate) => belongsTo(candidate, item));
    if (pdf) {
      claimed.add(pdf);
      paired.set(item, pdf);
    }
  }

  const unpaired = placed.filter((item) => !paired.has(item));
  const leftover = pdfs.filter((pdf) => !claimed.has(pdf));
  if (unpaired.length === 1 && leftover.length === 1 && unpaired[0] && leftover[0])
    paired.set(unpaired[0], leftover[0]);

  return placed.map((item) => {
    const pdf = paired.get(item);
    return pdf ? { ...item.document, pdf: { name: pdf.name, bytes: pdf.bytes } } : item.document;
  });
}

function belongsTo(pdf: FoundFile, item: PlacedDocument): boolean {
  const pdfName = baseName(pdf.name).toLowerCase();
  const stem = pdfName.replace(/\.pdf$/, "");
  const xmlStem = baseName(item.xmlName)
    .toLowerCase()
    .replace(/\.xml$/, "");
  if (stem && stem === xmlStem) return true;
  return (
    pdfName.includes(item.document.cufe) || pdfName.includes(item.document.number.toLowerCase())
  );
}

function baseName(path: string): string {
  return path.split(/[/\\]/).at(-1) ?? path;
}
