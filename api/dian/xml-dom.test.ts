import { describe, expect, it } from "vitest";
import { MAX_XML_DEPTH } from "../lib/limits.ts";
import { DianReadError, readXml } from "./index.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

function reasonOf(action: () => unknown): string | null {
  try {
    action();
    return null;
  } catch (error) {
    return error instanceof DianReadError ? error.reason : "THREW";
  }
}

describe("readXml", () => {
  it("resolves any prefix to its namespace URI", () => {
    const root = readXml(
      encode(`<x:Invoice xmlns:x="urn:a" xmlns:q="urn:b"><q:ID>1</q:ID></x:Invoice>`),
    );
    expect(root).toMatchObject({ ns: "urn:a", local: "Invoice" });
    expect(root.elements[0]).toMatchObject({ ns: "urn:b", local: "ID", text: "1" });
  });

  it("strips a UTF-8 byte-order mark", () => {
    const root = readXml(
      new Uint8Array([0xef, 0xbb, 0xbf, ...encode(`<?xml version="1.0"?><a>ñ</a>`)]),
    );
    expect(root.text).toBe("ñ");
  });

  it("honours an ISO-8859-1 declaration", () => {
    expect(readXml(latin1(`<?xml version="1.0" encoding="ISO-8859-1"?><a>Compañía</a>`)).text).toBe(
      "Compañía",
    );
  });

  it("honours a windows-1252 declaration", () => {
    const bytes = new Uint8Array([
      ...encode(`<?xml version='1.0' encoding='windows-1252'?><a>`),
      0x80,
      ...encode(`</a>`),
    ]);
    expect(readXml(bytes).text).toBe("€");
  });

  it("reads Latin-1 accents in a file that claims UTF-8", () => {
    expect(readXml(latin1(`<?xml version="1.0" encoding="UTF-8"?><a>electrónica</a>`)).text).toBe(
      "electrónica",
    );
  });

  it("accepts whitespace before the XML declaration", () => {
    expect(readXml(encode(`\r\n  <?xml version="1.0"?><a>1</a>`)).text).toBe("1");
  });

  it("joins CDATA and the five predefined entities and character references", () => {
    expect(
      readXml(encode(`<a>&lt;&gt;&amp;&quot;&apos;&#209;&#xF1;<![CDATA[<b>]]></a>`)).text,
    ).toBe(`<>&"'Ññ<b>`);
  });

  it("refuses a DOCTYPE as MALFORMED_XML", () => {
    expect(reasonOf(() => readXml(encode(`<?xml version="1.0"?><!DOCTYPE a><a/>`)))).toBe(
      "MALFORMED_XML",
    );
    expect(reasonOf(() => readXml(encode(`<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`)))).toBe(
      "MALFORMED_XML",
    );
  });

  it("refuses undeclared entities", () => {
    expect(reasonOf(() => readXml(encode(`<a>&nbsp;</a>`)))).toBe("MALFORMED_XML");
  });

  it("refuses trees deeper than MAX_XML_DEPTH", () => {
    const deep = "<a>".repeat(MAX_XML_DEPTH + 1) + "</a>".repeat(MAX_XML_DEPTH + 1);
    const fits = "<a>".repeat(MAX_XML_DEPTH) + "</a>".repeat(MAX_XML_DEPTH);
    expect(reasonOf(() => readXml(encode(deep)))).toBe("LIMIT_EXCEEDED");
    expect(reasonOf(() => readXml(encode(fits)))).toBeNull();
  });

  it("refuses text that is not well-formed", () => {
    for (const text of [
      "",
      "not xml",
      "<a><b></a>",
      "<a>&</a>",
      "<!-- c --><?xml version='1.0'?><a/>",
      "<p:a/>",
    ]) {
      expect(reasonOf(() => readXml(encode(text)))).toBe("MALFORMED_XML");
    }
  });

  it("refuses an encoding it does not know", () => {
    expect(reasonOf(() => readXml(encode(`<?xml version="1.0" encoding="EBCDIC-XYZ"?><a/>`)))).toBe(
      "MALFORMED_XML",
    );
  });
});
