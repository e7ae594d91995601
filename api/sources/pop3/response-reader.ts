import { BuzonError } from "../../lib/errors.ts";
import { DotDecoder } from "./dot-decoder.ts";
import { MAX_LINE_BYTES, MAX_UNREAD_BYTES } from "./pop3-limits.ts";

/**
 * Byte-level reader for POP3 responses. The socket pushes chunks in; one read at a time waits for
 * either a single CRLF-terminated line (status lines, SASL challenges) or a multi-line body
 * (RFC 1939 §3). Bytes past the end of a response stay buffered for the next read.
 */

type Waiter =
  | { kind: "line"; resolve: (line: string) => void; reject: (error: Error) => void }
  | { kind: "body"; decoder: DotDecoder; resolve: (b: Buffer) => void; reject: (e: Error) => void };

const CRLF = Buffer.from("\r\n");

export class ResponseReader {
  private rest: Buffer = Buffer.alloc(0);
  private waiter: Waiter | null = null;
  private failure: Error | null = null;

  /** Bytes received and not yet consumed by a read. */
  get buffered(): number {
    return this.rest.length;
  }

  push(chunk: Buffer): void {
    if (this.failure) return;
    this.rest = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    if (!this.waiter && this.rest.length > MAX_UNREAD_BYTES) {
      return this.fail(new BuzonError("PROTOCOL"));
    }
    this.drain();
  }

  /** Fails the pending read and every later one: the connection is gone or unusable. */
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.rest = Buffer.alloc(0);
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(error);
  }

  /** One line without its CRLF, decoded as latin1 so that no byte is lost or replaced. */
  readLine(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.wait({ kind: "line", resolve, reject });
    });
  }

  /** A dot-terminated body, unstuffed, with its last CRLF kept. Rejects LIMIT past maxBytes. */
  readBody(maxBytes: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.wait({ kind: "body", decoder: new DotDecoder(maxBytes), resolve, reject });
    });
  }

  private wait(waiter: Waiter): void {
    if (this.failure) return waiter.reject(this.failure);
    if (this.waiter) return waiter.reject(new BuzonError("INTERNAL", "Lectura POP3 concurrente."));
    this.waiter = waiter;
    this.drain();
  }

  private drain(): void {
    const waiter = this.waiter;
    if (!waiter || this.rest.length === 0) return;

    try {
      if (waiter.kind === "line") this.drainLine(waiter);
      else this.drainBody(waiter);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private drainLine(waiter: Extract<Waiter, { kind: "line" }>): void {
    const end = this.rest.indexOf(CRLF);
    if (end < 0) {
      // RFC 2449 §4 caps a response line at 512 octets; a longer run without CRLF is not POP3.
      if (this.rest.length > MAX_LINE_BYTES) throw new BuzonError("PROTOCOL");
      return;
    }

    const line = this.rest.subarray(0, end).toString("latin1");
    this.rest = this.rest.subarray(end + 2);
    this.waiter = null;
    waiter.resolve(line);
  }

  private drainBody(waiter: Extract<Waiter, { kind: "body" }>): void {
    const consumed = waiter.decoder.feed(this.rest);
    if (consumed < 0) {
      this.rest = Buffer.alloc(0);
      return;
    }

    this.rest = this.rest.subarray(consumed);
    this.waiter = null;
    waiter.resolve(waiter.decoder.body());
  }
}
