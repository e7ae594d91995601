import { describe, expect, it } from "vitest";
import { readMimeAttachments } from "./read-mime.ts";

const CRLF = "\r\n";
const mail = (...lines: string[]) => new TextEncoder().encode(lines.join(CRLF));
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");
const summary = (raw: Uint8Array) =>
  readMimeAttachments(raw).map((a) => [a.filename, a.contentType, text(a.content)]);

function multipart(boundary: string, parts: string[][], close = true) {
  const lines = ["Subject: prueba", `Content-Type: multipart/mixed; boundary="${boundary}"`, ""];
  for (const part of parts) lines.push(`--${boundary}`, ...part);
  if (close) lines.push(`--${boundary}--`, "");
  return mail(...lines);
}

const body = ["Content-Type: text/plain; charset=utf-8", "", "Adjunto la factura."];

describe("reading the attachments of a MIME message", () => {
  it("decodes attachments and skips text bodies without decoding them", () => {
    const raw = multipart("b1", [
      body,
      [
        "Content-Type: application/zip; name=f.zip",
        "Content-Transfer-Encoding: base64",
        "",
        Buffer.from("PK zip bytes").toString("base64"),
      ],
    ]);
    expect(summary(raw)).toEqual([["f.zip", "application/zip", "PK zip bytes"]]);
  });

  it("reads file names in RFC 2231 form, continued, and as RFC 2047 encoded words", () => {
    const raw = multipart("b2", [
      [
        "Content-Type: application/pdf",
        "Content-Disposition: attachment; filename*=utf-8''factura%20electr%C3%B3nica.pdf",
        "",
        "%PDF-1.4",
      ],
      [
        "Content-Type: application/xml",
        "Content-Disposition: attachment;",
        " filename*0*=iso-8859-1''ad%F1o;",
        ' filename*1="-2024.xml"',
        "",
        "<x/>",
      ],
      ['Content-Type: application/zip; name="=?UTF-8?B?w7Fh?= =?UTF-8?Q?_b.zip?="', "", "PK"],
    ]);
    expect(summary(raw).map(([name]) => name)).toEqual([
      "factura electrónica.pdf",
      "adño-2024.xml",
      "ña b.zip",
    ]);
  });

  it("decodes quoted-printable and keeps 7bit parts as they are", () => {
    const raw = multipart("b3", [
      [
        "Content-Type: text/xml",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        '<a b=3D"1">caf=C3=A9 con =',
        "leche</a>",
      ],
      ["Content-Type: application/octet-stream", "", "crudo"],
    ]);
    expect(summary(raw).map(([, , content]) => content)).toEqual([
      '<a b="1">caf\u00c3\u00a9 con leche</a>',
      "crudo",
    ]);
  });

  it("splits only at whole boundary lines, nested multiparts included", () => {
    const raw = multipart("abc", [
      ["Content-Type: application/octet-stream", "", "--abcdef is not a boundary", "fin"],
      [
        'Content-Type: multipart/alternative; boundary="inner"',
        "",
        "--inner",
        ...body,
        "--inner",
        "Content-Type: text/plain",
        "Content-Disposition: attachment; filename=nota.txt",
        "",
        "nota",
        "--inner--",
      ],
    ]);
    expect(summary(raw)).toEqual([
      [null, "application/octet-stream", `--abcdef is not a boundary${CRLF}fin`],
      ["nota.txt", "text/plain", "nota"],
    ]);
  });

  it("keeps the last part when the closing boundary is missing", () => {
    const raw = multipart("b4", [["Content-Type: application/zip", "", "PK"]], false);
    expect(summary(raw)).toEqual([[null, "application/zip", "PK"]]);
  });

  it("answers a forwarded e-mail as one attachment, to be read on its own", () => {
    const forwarded = ["Subject: original", "Content-Type: application/zip", "", "PK"];
    const raw = multipart("b5", [body, ["Content-Type: message/rfc822", "", ...forwarded]]);
    expect(summary(raw)).toEqual([[null, "message/rfc822", forwarded.join(CRLF)]]);
  });

  it("reads a message whose whole body is one attachment", () => {
    const raw = mail(
      "Content-Type: application/zip",
      "Content-Transfer-Encoding: base64",
      "",
      "UEs=",
    );
    expect(summary(raw)).toEqual([[null, "application/zip", "PK"]]);
  });

  // RFC 2045 §6.8: characters outside the alphabet are ignored. "-" and "_" are among them here,
  // not base64url. Small parts take Node's decoder directly, parts over 1 MB go in chunks:
  // both must read the same bytes.
  it.each([
    ["line breaks and spaces", "QUJD\r\nREVG R0hJ", "ABCDEFGHI"],
    ["stray characters", "QU!JD*REVG", "ABCDEF"],
    ["base64url characters, dropped", "QU-JD_REVG", "ABCDEF"],
  ])("decodes base64 with %s alike in small and large parts", (_name, encoded, decoded) => {
    const filler = "QUFB".repeat(300_000); // "AAA" × 300,000: the part is over 1 MB
    const part = (b64: string) =>
      mail("Content-Type: application/zip", "Content-Transfer-Encoding: base64", "", b64);
    expect(summary(part(encoded))).toEqual([[null, "application/zip", decoded]]);
    const large = String(summary(part(filler + "\r\n" + encoded))[0]![2]);
    expect(large.length).toBe(900_000 + decoded.length);
    expect(large.endsWith(decoded)).toBe(true);
  });
});
