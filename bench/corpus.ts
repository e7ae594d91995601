/**
 * The benchmark's e-mails: the usual DIAN e-mail from the test fixtures (one ZIP holding the
 * AttachedDocument and its PDF), with the PDF padded by random bytes to reach a chosen size.
 * Random bytes do not compress, so the ZIP and the e-mail grow by the padding (base64: ×4/3).
 */
import { randomBytes } from "node:crypto";
import { zipSync } from "fflate";
import {
  DEFAULT_SUPPLIER,
  buildEmail,
  buildInvoiceXml,
  buildPdf,
  wrapAttachedDocument,
} from "../test/fixtures/index.ts";

export const TYPICAL_BYTES = 60 * 1024;
export const LARGE_BYTES = 2 * 1024 * 1024;
/** Just under MAX_MESSAGE_BYTES (25 MiB): downloaded and parsed whole, the worst case for memory. */
export const HUGE_BYTES = 25_000_000;

let counter = 0;

/** An incremental update (PDF 1.7 §7.5.6) adding one stream object of `bytes` random bytes. */
function padPdf(pdf: Uint8Array, bytes: number): Uint8Array {
  const text = Buffer.from(pdf).toString("latin1");
  const prevXref = /startxref\n(\d+)/.exec(text)?.[1] ?? "0";
  const head = Buffer.from(`6 0 obj\n<< /Length ${bytes} >>\nstream\n`, "latin1");
  const objectStart = pdf.length;
  const body = Buffer.concat([Buffer.from(pdf), head, randomBytes(bytes)]);
  const xrefAt = body.length + "\nendstream\nendobj\n".length;
  const tail =
    `\nendstream\nendobj\nxref\n0 1\n0000000000 65535 f \n6 1\n` +
    `${String(objectStart).padStart(10, "0")} 00000 n \n` +
    `trailer\n<< /Size 7 /Root 1 0 R /Prev ${prevXref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([body, Buffer.from(tail, "latin1")]);
}

/**
 * The parts buildDianEmail puts together, zipped here with the XML deflated and the padded PDF
 * stored: deflating random bytes costs 6 ms an e-mail and gains nothing (they do not compress).
 */
function buildWithPadding(padding: number): Uint8Array {
  counter += 1;
  const supplier = DEFAULT_SUPPLIER;
  const document = buildInvoiceXml({ number: `FE${counter}`, prefix: "FE" });
  const attached = wrapAttachedDocument(document.xml, {
    number: document.number,
    cufe: document.cufe,
    senderNit: supplier.nit,
  });
  const stem = `ad${supplier.nit.padStart(10, "0")}00024${counter.toString(16).padStart(8, "0")}`;
  const pdf = padPdf(buildPdf(`Factura ${document.number}`), padding);
  const zip = zipSync({
    [`${stem}.xml`]: [attached, { level: 6 }],
    [`${stem}.pdf`]: [pdf, { level: 0 }],
  });
  return buildEmail({
    subject: `${supplier.nit};${supplier.name};${document.number};01;${supplier.tradeName}`,
    messageId: `<bench-${counter}-${randomBytes(4).toString("hex")}@proveedor.example>`,
    attachments: [
      { filename: `z${stem.slice(2)}.zip`, contentType: "application/zip", bytes: zip },
    ],
  });
}

const paddingFor = new Map<number, number>();

/** A DIAN e-mail of about `size` bytes (within a few hundred), each with a new CUFE. */
export function buildSizedEmail(size: number): Uint8Array {
  const known = paddingFor.get(size);
  if (known !== undefined) return buildWithPadding(known);
  const bare = buildWithPadding(0).length;
  // base64 turns 3 bytes into 4 characters and adds CRLF after each 76 of them.
  const padding = Math.max(0, Math.floor((((size - bare) * 3) / 4) * (76 / 78)));
  paddingFor.set(size, padding);
  return buildWithPadding(padding);
}
