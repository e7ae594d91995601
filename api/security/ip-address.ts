/**
 * IP addresses as bytes, so that every way of writing one (compressed or full IPv6, IPv4-mapped
 * in dotted or hex form, leading zeros) is checked as the same address.
 */
import { isIP } from "node:net";

/** 4 bytes for IPv4, 16 for IPv6; null when `text` is not an IP literal. */
export function addressBytes(text: string): Uint8Array | null {
  const family = isIP(text);
  if (family === 4) return new Uint8Array(text.split(".").map(Number));
  if (family === 6) return ipv6Bytes(text.replace(/%.*$/, ""));
  return null;
}

function ipv6Bytes(text: string): Uint8Array {
  let groups = text.toLowerCase();
  // An embedded dotted IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(groups);
  if (v4?.[1]) {
    const [a, b, c, d] = v4[1].split(".").map(Number) as [number, number, number, number];
    groups =
      groups.slice(0, -v4[1].length) +
      `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = groups.split("::");
  const left = head ? head.split(":") : [];
  const right = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  const words = [...left, ...fill, ...right].map((word) => Number.parseInt(word, 16));
  const bytes = new Uint8Array(16);
  words.forEach((word, i) => {
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  return bytes;
}

/** True when the first `bits` bits of `bytes` equal those of `prefix`. */
export function inPrefix(bytes: Uint8Array, prefix: number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit++) {
    const byte = Math.floor(bit / 8);
    const mask = 0x80 >> (bit % 8);
    if (((bytes[byte] ?? 0) & mask) !== ((prefix[byte] ?? 0) & mask)) return false;
  }
  return true;
}
