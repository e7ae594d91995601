import type { Socket } from "node:net";
import { BuzonError } from "../../lib/errors.ts";
import { ResponseReader } from "./response-reader.ts";
import { mapSocketError } from "./socket-errors.ts";

/**
 * One socket, its response reader and the timer on every wait. Any failure (timeout, close,
 * socket error, limit) is final: the socket is destroyed and every later read rejects.
 */
export class Transport {
  private reader = new ResponseReader();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timeoutMs = 0;
  private failure: BuzonError | null = null;
  private readonly onData = (chunk: Buffer) => this.receive(chunk);
  private readonly onError = (error: Error) => this.fail(mapSocketError(error));
  private readonly onClose = () => this.fail(new BuzonError("CONNECTION"));

  constructor(private socket: Socket) {
    this.listen();
  }

  get failed(): BuzonError | null {
    return this.failure;
  }

  /** Writes one command line. Callers never pass secrets to anything but this write. */
  send(line: string): void {
    if (this.failure) throw this.failure;
    this.socket.write(`${line}\r\n`, "utf8");
  }

  readLine(timeoutMs: number): Promise<string> {
    return this.timed(this.reader.readLine(), timeoutMs);
  }

  readBody(maxBytes: number, timeoutMs: number): Promise<Buffer> {
    return this.timed(this.reader.readBody(maxBytes), timeoutMs);
  }

  /**
   * Hands the raw socket over for a TLS upgrade (RFC 2595 §4). Bytes already received after the
   * STLS answer would be plaintext injected before TLS, so they are refused.
   */
  detach(): Socket {
    if (this.reader.buffered > 0) throw this.fail(new BuzonError("PROTOCOL"));
    this.unlisten();
    // tls.connect({ socket }) reports failures on the TLS socket; this one must not crash us.
    this.socket.on("error", () => undefined);
    return this.socket;
  }

  /** Continues on the upgraded socket with a fresh reader. */
  attach(socket: Socket): void {
    this.socket = socket;
    this.reader = new ResponseReader();
    this.listen();
  }

  /** Destroys the socket and fails the pending and later reads with `error`. */
  fail(error: BuzonError): BuzonError {
    if (this.failure) return this.failure;
    this.failure = error;
    this.stopTimer();
    this.reader.fail(error);
    this.socket.destroy();
    return error;
  }

  /**
   * An inactivity timeout: it restarts whenever bytes arrive, so a large RETR on a slow link is
   * not cut while a server that stops talking is.
   */
  private async timed<T>(read: Promise<T>, timeoutMs: number): Promise<T> {
    this.timeoutMs = timeoutMs;
    this.startTimer();
    try {
      return await read;
    } catch (error) {
      // The reader fails only for good (LIMIT, an overlong line): the socket goes with it.
      throw this.fail(error instanceof BuzonError ? error : mapSocketError(error));
    } finally {
      this.stopTimer();
    }
  }

  private receive(chunk: Buffer): void {
    if (this.timer) this.startTimer();
    this.reader.push(chunk);
  }

  private startTimer(): void {
    this.stopTimer();
    this.timer = setTimeout(() => this.fail(new BuzonError("TIMEOUT")), this.timeoutMs);
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private listen(): void {
    this.socket.on("data", this.onData);
    this.socket.on("error", this.onError);
    this.socket.on("close", this.onClose);
  }

  private unlisten(): void {
    this.socket.off("data", this.onData);
    this.socket.off("error", this.onError);
    this.socket.off("close", this.onClose);
  }
}
