import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DotDecoder } from "./dot-decoder.ts";
import { stuff } from "./scripted-server.ts";

/** Feeds `wire` in pieces cut at `cuts`; returns the body and what followed the terminator. */
function decode(wire: Buffer, cuts: number[], maxBytes = 1 << 20) {
  const decoder = new DotDecoder(maxBytes);
  const bounds = [0, ...cuts, wire.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const chunk = wire.subarray(bounds[i], bounds[i + 1]);
    const end = decoder.feed(chunk);
    if (end >= 0) return { body: decoder.body(), after: chunk.subarray(end) };
  }
  return null;
}

const wireOf = (body: Buffer) => Buffer.concat([stuff(body), Buffer.from(".\r\n")]);

describe("DotDecoder", () => {
  it("finds the terminator at every split point of a response", () => {
    const body = Buffer.from(".a\r\n..\r\n.\r\nb\n.\r\n\r.\r\nend\r\n", "latin1");
    const wire = wireOf(body);
    for (let cut = 0; cut <= wire.length; cut++) {
      expect(decode(wire, [cut])?.body, `cut at ${cut}`).toEqual(body);
    }
  });

  it("decodes byte by byte", () => {
    const body = Buffer.from("..\r\n.\r\r\n.\rx\r\n\r\n", "latin1");
    const wire = wireOf(body);
    const cuts = Array.from({ length: wire.length - 1 }, (_, i) => i + 1);
    expect(decode(wire, cuts)?.body).toEqual(body);
  });

  it("keeps the final CRLF and returns an empty body for an empty message", () => {
    expect(decode(Buffer.from("x\r\n.\r\n"), [])?.body.toString()).toBe("x\r\n");
    expect(decode(Buffer.from(".\r\n"), [])?.body.length).toBe(0);
  });

  it("leaves the bytes after the terminator for the next response", () => {
    const result = decode(Buffer.from("a\r\n.\r\n+OK next\r\n"), []);
    expect(result?.after.toString()).toBe("+OK next\r\n");
  });

  it("does not end on a dot after a bare LF or a bare CR", () => {
    const body = Buffer.from("a\n.\r\nb\r.\r\n", "latin1");
    expect(decode(Buffer.from("a\n.\r\nb\r.\r\n.\r\n", "latin1"), [])?.body).toEqual(body);
  });

  it("round-trips random bytes with random cuts", () => {
    for (let round = 0; round < 300; round++) {
      const body = randomBody();
      const wire = wireOf(body);
      const cuts = randomCuts(wire.length);
      expect(decode(wire, cuts)?.body).toEqual(body);
    }
  });

  it("throws LIMIT once the body passes maxBytes", () => {
    const wire = wireOf(Buffer.alloc(100, 0x61));
    expect(() => decode(wire, [], 50)).toThrow(expect.objectContaining({ code: "LIMIT" }));
    expect(decode(Buffer.from("abc\r\n.\r\n"), [], 5)?.body.toString()).toBe("abc\r\n");
  });
});

/** Random bytes with many CR, LF and dots, ending in CRLF as a stored message does. */
function randomBody(): Buffer {
  const alphabet = Buffer.from("\r\n..a\x00\xff", "latin1");
  const bytes = randomBytes(Math.floor(Math.random() * 200));
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! % 2 === 0) bytes[i] = alphabet[bytes[i]! % alphabet.length]!;
  }
  return Buffer.concat([bytes, Buffer.from("\r\n")]);
}

function randomCuts(length: number): number[] {
  const cuts = new Set<number>();
  const count = Math.floor(Math.random() * 8);
  for (let i = 0; i < count; i++) cuts.add(1 + Math.floor(Math.random() * (length - 1)));
  return [...cuts].sort((a, b) => a - b);
}
