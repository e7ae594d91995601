import { BuzonError } from "../../lib/errors.ts";

/**
 * Decodes the body of a POP3 multi-line response (RFC 1939 §3), chunk by chunk, byte-exact.
 *
 * Lines end in CRLF. A line that is exactly "." ends the response; any other line that starts
 * with "." had one "." prepended by the server ("byte-stuffing"), which is removed here. A bare LF
 * or a bare CR does not end a line, so a "." after one of them is message data.
 *
 * The CRLF before the terminating "." line is the message's own last line ending and is kept.
 */

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

/** Where the scanner stands. It survives chunk boundaries: the terminator may be split anywhere. */
type State = "lineStart" | "inLine" | "afterCr" | "afterDot" | "afterDotCr";

export class DotDecoder {
  private state: State = "lineStart";
  private readonly parts: Buffer[] = [];
  private size = 0;

  constructor(private readonly maxBytes: number) {}

  /**
   * Feeds one chunk. Returns the offset just past the terminating ".\r\n" when the response is
   * complete (the rest of the chunk belongs to the next response), or -1 when more is needed.
   * Throws BuzonError LIMIT once the decoded body would exceed maxBytes.
   */
  feed(chunk: Buffer): number {
    let keepFrom = 0;

    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      switch (this.state) {
        case "lineStart":
          if (byte === DOT) {
            this.keep(chunk, keepFrom, i);
            keepFrom = i + 1;
            this.state = "afterDot";
          } else {
            this.state = byte === CR ? "afterCr" : "inLine";
          }
          break;
        case "afterDot":
          // ".\r" may still be the terminator; anything else means the dot was stuffing.
          this.state = byte === CR ? "afterDotCr" : "inLine";
          break;
        case "afterDotCr":
          if (byte === LF) return this.finish(i + 1);
          this.resumeAfterDotCr(chunk, keepFrom, i);
          keepFrom = i;
          this.state = byte === CR ? "afterCr" : "inLine";
          break;
        case "afterCr":
          this.state = byte === LF ? "lineStart" : byte === CR ? "afterCr" : "inLine";
          break;
        case "inLine":
          if (byte === CR) this.state = "afterCr";
          break;
      }
    }

    this.keepChunkEnd(chunk, keepFrom);
    return -1;
  }

  /** The decoded body; valid once feed() has returned an offset. */
  body(): Buffer {
    return Buffer.concat(this.parts, this.size);
  }

  /**
   * A CR seen right after a line-start dot is held back in case LF follows. When something else
   * follows, that CR is data: keep it, whether it sat in this chunk or the previous one.
   */
  private resumeAfterDotCr(chunk: Buffer, keepFrom: number, i: number): void {
    if (i === 0) this.append(Buffer.from([CR]));
    else this.keep(chunk, keepFrom, i);
  }

  /** At a chunk's end, hold back a CR that may belong to the terminator. */
  private keepChunkEnd(chunk: Buffer, keepFrom: number): void {
    const end = this.state === "afterDotCr" ? chunk.length - 1 : chunk.length;
    this.keep(chunk, keepFrom, Math.max(end, keepFrom));
  }

  private finish(offset: number): number {
    this.state = "lineStart";
    return offset;
  }

  private keep(chunk: Buffer, from: number, to: number): void {
    if (to > from) this.append(chunk.subarray(from, to));
  }

  private append(part: Buffer): void {
    this.size += part.length;
    if (this.size > this.maxBytes) {
      throw new BuzonError("LIMIT", undefined, { details: { maxBytes: this.maxBytes } });
    }
    this.parts.push(part);
  }
}
