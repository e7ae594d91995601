/**
 * Hostile and broken e-mails, built here (never downloaded): each names the reason code it must
 * end with. A code of null means the e-mail is broken but still carries a good document.
 */
import {
  buildZip,
  buildPdf,
  buildDianEmail,
  buildEmail,
  type EmailAttachment,
} from "../fixtures/index.ts";
import { buildInvoiceXml } from "../fixtures/build-documents.ts";

export interface HostileEmail {
  name: string;
  raw: Uint8Array;
  code: string | null;
  /** Every e-mail carries one, so tests find its record even where the server rewrote bytes. */
  messageId: string;
}

const CRLF = "\r\n";
const enc = (text: string) => new TextEncoder().encode(text);
const zipType = (filename: string, bytes: Uint8Array): EmailAttachment => ({
  filename,
  contentType: "application/zip",
  bytes,
});
let current = "";
const mailWith = (attachments: EmailAttachment[], subject = "Factura") =>
  buildEmail({ subject, attachments, messageId: current });

function concat(...parts: (Uint8Array | string)[]): Uint8Array {
  return Buffer.concat(
    parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))),
  );
}

/** A bomb inside a bomb: each level compresses well past MAX_ZIP_RATIO. */
function nestedBomb(): Uint8Array {
  const inner = buildZip([{ name: "ad-inner.xml", bytes: new Uint8Array(4 * 1024 * 1024) }]);
  const middle = buildZip(
    Array.from({ length: 8 }, (_, i) => ({ name: `z${i}.zip`, bytes: inner })),
  );
  return mailWith([zipType("bomba.zip", buildZip([{ name: "medio.zip", bytes: middle }]))]);
}

function xmlMail(xml: string, name = "ad-hostil.xml"): Uint8Array {
  return mailWith([
    zipType(
      "hostil.zip",
      buildZip([
        { name, bytes: xml },
        { name: "ad.pdf", bytes: buildPdf() },
      ]),
    ),
  ]);
}

const INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";

function deepXml(levels: number): string {
  return `<?xml version="1.0"?><Invoice xmlns="${INVOICE_NS}">${"<a>".repeat(levels)}x${"</a>".repeat(levels)}</Invoice>`;
}

/** A MIME tree nested `levels` deep, a DIAN ZIP at the bottom. */
function deepMime(levels: number): Uint8Array {
  const usual = buildDianEmail({ number: "FE-PROFUNDO" });
  let part = `Content-Type: application/zip; name="f.zip"${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${Buffer.from(usual.zip).toString("base64")}${CRLF}`;
  for (let i = 0; i < levels; i++) {
    const b = `b${i}`;
    part = `Content-Type: multipart/mixed; boundary="${b}"${CRLF}${CRLF}--${b}${CRLF}${part}--${b}--${CRLF}`;
  }
  return enc(
    `From: a@proveedor.example${CRLF}Message-ID: ${current}${CRLF}Subject: profundo${CRLF}` +
      `MIME-Version: 1.0${CRLF}${part}`,
  );
}

/** The usual e-mail with its closing boundary cut off: readers should still find the ZIP. */
function missingClosingBoundary(): Uint8Array {
  const text = Buffer.from(
    buildDianEmail({ number: "FE-SINCIERRE", messageId: current }).raw,
  ).toString("latin1");
  return enc(text.replace(/\r\n--[^\r\n]+--\r\n$/, CRLF));
}

function truncatedBase64(): Uint8Array {
  const text = Buffer.from(
    buildDianEmail({ number: "FE-CORTADO", messageId: current }).raw,
  ).toString("latin1");
  const start = text.indexOf("UEsDB");
  return enc(text.slice(0, start + 400) + CRLF);
}

function rawHeaders(headers: string, body = "hola"): Uint8Array {
  return concat(`Message-ID: ${current}${CRLF}`, headers, CRLF, CRLF, body, CRLF);
}

type Entry = [name: string, build: () => Uint8Array, code: string | null];

export function hostileCorpus(): HostileEmail[] {
  return entries().map(([name, build, code], index) => {
    current = `<hostil-${index}@corpus.buzon.test>`;
    return { name, raw: build(), code, messageId: current };
  });
}

function entries(): Entry[] {
  const thousands = Array.from({ length: 5000 }, (_, i) => ({ name: `f${i}.txt`, bytes: "x" }));
  const evil = buildInvoiceXml({ number: "FE-EVIL" }).xml;
  const zipOf = (name: string) => buildZip([{ name, bytes: evil }]);
  const entity = `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>`;
  const laughs =
    `<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">` +
    `<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>`;
  const invoiceWith = (doctype: string, body: string) =>
    `<?xml version="1.0"?>${doctype}<Invoice xmlns="${INVOICE_NS}">${body}</Invoice>`;
  const big = new Uint8Array(30 * 1024 * 1024).fill(7);
  const injected = Buffer.from("hola\r\nBcc: victima@b.example\r\n\r\ncuerpo").toString("base64");
  return [
    ["nested zip bomb", nestedBomb, "LIMIT_EXCEEDED"],
    [
      "ZIP with 5000 entries",
      () => mailWith([zipType("miles.zip", buildZip(thousands))]),
      "LIMIT_EXCEEDED",
    ],
    [
      "entry name ../",
      () => mailWith([zipType("t.zip", zipOf("../../etc/ad.xml"))]),
      "INVALID_ZIP",
    ],
    [
      "absolute entry name",
      () => mailWith([zipType("t.zip", zipOf("/etc/ad.xml"))]),
      "INVALID_ZIP",
    ],
    ["XML with an external entity", () => xmlMail(invoiceWith(entity, "&e;")), "MALFORMED_XML"],
    ["XML entity expansion", () => xmlMail(invoiceWith(laughs, "&c;")), "MALFORMED_XML"],
    ["XML nested 100000 levels", () => xmlMail(deepXml(100_000)), "LIMIT_EXCEEDED"],
    [
      "a 30 MB e-mail",
      () =>
        mailWith([{ filename: "grande.bin", contentType: "application/octet-stream", bytes: big }]),
      "MESSAGE_TOO_LARGE",
    ],
    ["MIME tree 1000 levels deep", () => deepMime(1000), "LIMIT_EXCEEDED"],
    ["missing closing boundary", missingClosingBoundary, null],
    ["truncated base64", truncatedBase64, "INVALID_ZIP"],
    [
      "a 1 MB header line",
      () => rawHeaders(`From: a@b.example${CRLF}Subject: ${"x".repeat(1024 * 1024)}`),
      "NO_DOCUMENT",
    ],
    [
      "NUL bytes",
      () => rawHeaders(`From: a\u0000@b.example${CRLF}Subject: nul\u0000nul`, "cuerpo\u0000\u0000"),
      "NO_DOCUMENT",
    ],
    [
      "invalid UTF-8 in every header",
      () =>
        concat(
          `Message-ID: ${current}${CRLF}From: `,
          Buffer.from([0xff, 0xfe, 0xc3]),
          `@b.example${CRLF}Subject: `,
          Buffer.from([0xc3, 0x28, 0xa0, 0xa1]),
          `${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}hola${CRLF}`,
        ),
      "NO_DOCUMENT",
    ],
    [
      "a charset that does not exist",
      () =>
        rawHeaders(
          `From: =?x-nada?B?YWJj?= <a@b.example>${CRLF}Subject: =?x-nada?Q?hola?=${CRLF}` +
            "Content-Type: text/plain; charset=x-nada",
        ),
      "NO_DOCUMENT",
    ],
    [
      "a Subject that decodes to CR/LF",
      () => rawHeaders(`From: a@b.example${CRLF}Subject: =?utf-8?B?${injected}?=`),
      "NO_DOCUMENT",
    ],
  ];
}
