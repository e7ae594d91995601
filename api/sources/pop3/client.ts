import { BuzonError } from "../../lib/errors.ts";
import { COMMAND_TIMEOUT_MS, CONNECT_TIMEOUT_MS, MAX_MESSAGE_BYTES } from "../../lib/limits.ts";
import * as auth from "./auth.ts";
import { openSocket, upgradeSocket, type Pop3Options } from "./connect.ts";
import * as parse from "./parse.ts";
import { MAX_LISTING_BYTES } from "./pop3-limits.ts";
import { mapSocketError } from "./socket-errors.ts";
import { starttlsNotOffered } from "../connection-errors.ts";
import { Transport } from "./transport.ts";

/**
 * A POP3 session (RFC 1939). Commands run one at a time; every wait has a timeout. Errors are
 * BuzonErrors: a -ERR leaves the session usable, anything else (timeout, closed socket, limit,
 * unexpected reply) destroys the socket and fails every later command.
 */
export class Pop3Client {
  private queue: Promise<unknown> = Promise.resolve();
  private caps: string[] = [];

  private constructor(
    private readonly transport: Transport,
    private readonly commandTimeoutMs: number,
  ) {}

  /** Connects, reads the greeting and, for "starttls", upgrades with STLS (RFC 2595 §4). */
  static async connect(opts: Pop3Options): Promise<Pop3Client> {
    const connectTimeoutMs = opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
    const socket = await openSocket(opts, connectTimeoutMs);
    const transport = new Transport(socket);
    const client = new Pop3Client(transport, opts.commandTimeoutMs ?? COMMAND_TIMEOUT_MS);

    try {
      await client.readGreeting(connectTimeoutMs);
      client.caps = await client.fetchCapabilities();
      if (opts.security === "starttls") await client.startTls(opts, connectTimeoutMs);
      return client;
    } catch (error) {
      throw transport.fail(mapSocketError(error));
    }
  }

  /** The CAPA lines (RFC 2449), read after TLS when STLS was used; empty if CAPA is unknown. */
  capabilities(): string[] {
    return [...this.caps];
  }

  /** AUTH PLAIN (RFC 4616) when CAPA lists it, else USER/PASS. Rejection: AUTH_FAILED. */
  login(user: string, password: string): Promise<void> {
    return this.exclusive(() => {
      auth.assertSafeCredential(user, password);
      if (!parse.hasSaslMechanism(this.caps, "PLAIN")) {
        return auth.loginUserPass(this.authChannel(), user, password);
      }
      const response = auth.plainResponse(user, password);
      return auth.authenticateSasl(this.authChannel(), "PLAIN", response, "*");
    });
  }

  /** SASL OAUTHBEARER (RFC 7628) with an OAuth2 access token. Rejection: AUTH_FAILED. */
  authenticateOauthbearer(
    user: string,
    accessToken: string,
    server: { host: string; port: number },
  ): Promise<void> {
    return this.exclusive(() => {
      auth.assertSafeCredential(user, accessToken, server.host);
      const response = auth.oauthbearerResponse(user, server.host, server.port, accessToken);
      const ch = this.authChannel();
      return auth.authenticateSasl(ch, "OAUTHBEARER", response, auth.OAUTHBEARER_ABORT);
    });
  }

  /** True when CAPA lists the SASL mechanism (RFC 2449 §6.3). */
  offersSasl(mechanism: string): boolean {
    return parse.hasSaslMechanism(this.caps, mechanism);
  }

  /** SASL XOAUTH2 with an OAuth2 access token. Rejection: AUTH_FAILED. */
  authenticateXoauth2(user: string, accessToken: string): Promise<void> {
    return this.exclusive(() => {
      auth.assertSafeCredential(user, accessToken);
      const response = auth.xoauth2Response(user, accessToken);
      return auth.authenticateSasl(this.authChannel(), "XOAUTH2", response, "");
    });
  }

  stat(): Promise<parse.MailboxStat> {
    return this.exclusive(async () => parse.parseStat(await this.command("STAT")));
  }

  list(): Promise<parse.ListEntry[]> {
    return this.exclusive(async () => parse.parseList(await this.listing("LIST")));
  }

  uidl(): Promise<parse.UidlEntry[]> {
    return this.exclusive(async () => parse.parseUidl(await this.listing("UIDL")));
  }

  /**
   * The message exactly as stored: unstuffed, final CRLF kept. Past `maxBytes` it rejects LIMIT
   * and the connection is closed (the rest of the body is still on the wire).
   */
  retr(msg: number, maxBytes: number = MAX_MESSAGE_BYTES): Promise<Buffer> {
    return this.exclusive(async () => {
      assertMessageNumber(msg);
      await this.command(`RETR ${msg}`, "RETR");
      return this.transport.readBody(maxBytes, this.commandTimeoutMs);
    });
  }

  /** Marks for deletion; the server removes it only on a successful QUIT (RFC 1939 §6). */
  dele(msg: number): Promise<void> {
    return this.exclusive(async () => {
      assertMessageNumber(msg);
      await this.command(`DELE ${msg}`, "DELE");
    });
  }

  rset(): Promise<void> {
    return this.exclusive(async () => void (await this.command("RSET")));
  }

  noop(): Promise<void> {
    return this.exclusive(async () => void (await this.command("NOOP")));
  }

  /** Resolves only on +OK, when deletions are committed; -ERR rejects PROTOCOL. Always closes. */
  quit(): Promise<void> {
    return this.exclusive(async () => {
      try {
        await this.command("QUIT");
      } finally {
        this.close();
      }
    });
  }

  /** Destroys the socket without QUIT: messages marked with DELE stay (RFC 1939 §6). */
  close(): void {
    this.transport.fail(new BuzonError("CONNECTION", "La conexión POP3 ya está cerrada."));
  }

  private async readGreeting(timeoutMs: number): Promise<void> {
    const status = parse.parseStatus(await this.transport.readLine(timeoutMs));
    if (status.kind === "ok") return;

    const cause = new Error(`greeting: ${status.text}`);
    throw new BuzonError(status.kind === "err" ? "CONNECTION" : "PROTOCOL", undefined, { cause });
  }

  /** RFC 2449 §5. Servers without CAPA answer -ERR: no capabilities, not a failure. */
  private async fetchCapabilities(): Promise<string[]> {
    this.transport.send("CAPA");
    const status = await this.readStatus();
    if (status.kind === "err") return [];
    if (status.kind === "continue") throw this.fatal(unexpected("CAPA", status.text));
    const body = await this.transport.readBody(MAX_LISTING_BYTES, this.commandTimeoutMs);
    return parse.parseCapabilities(body);
  }

  /** RFC 2595 §4: after the handshake, forget what was learnt in plaintext and ask CAPA again. */
  private async startTls(opts: Pop3Options, timeoutMs: number): Promise<void> {
    this.transport.send("STLS");
    const status = await this.readStatus();
    if (status.kind !== "ok") {
      throw starttlsNotOffered(new Error(`STLS: ${status.text}`));
    }

    const secure = await upgradeSocket(this.transport.detach(), opts, timeoutMs);
    this.transport.attach(secure);
    this.caps = await this.fetchCapabilities();
  }

  /** Sends a command and returns the +OK text. -ERR rejects PROTOCOL, the session stays usable. */
  private async command(line: string, verb = line): Promise<string> {
    this.transport.send(line);
    const status = await this.readStatus();
    if (status.kind === "ok") return status.text;
    if (status.kind === "continue") throw this.fatal(unexpected(verb, status.text));
    throw new BuzonError("PROTOCOL", undefined, { cause: new Error(`${verb}: ${status.text}`) });
  }

  private async listing(verb: string): Promise<Buffer> {
    await this.command(verb);
    return this.transport.readBody(MAX_LISTING_BYTES, this.commandTimeoutMs);
  }

  private async readStatus(): Promise<parse.Status> {
    const line = await this.transport.readLine(this.commandTimeoutMs);
    try {
      return parse.parseStatus(line);
    } catch (error) {
      throw this.fatal(error as BuzonError);
    }
  }

  private authChannel(): auth.AuthChannel {
    return {
      send: (line) => this.transport.send(line),
      readStatus: () => this.readStatus(),
      fatal: (error) => this.fatal(error),
    };
  }

  private fatal(error: BuzonError): BuzonError {
    return this.transport.fail(error);
  }

  /** One command in flight at a time: each waits for the previous one to settle. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = async () => {
      const failed = this.transport.failed;
      if (failed) throw failed;
      return task();
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** Connects to a POP3 server; see Pop3Client.connect. */
export function connectPop3(opts: Pop3Options): Promise<Pop3Client> {
  return Pop3Client.connect(opts);
}

/** Message numbers are positive integers (RFC 1939 §5); anything else could inject a command. */
function assertMessageNumber(msg: number): void {
  if (!Number.isSafeInteger(msg) || msg < 1) {
    throw new BuzonError("INVALID_INPUT", undefined, { details: { msg: String(msg) } });
  }
}

function unexpected(verb: string, text: string): BuzonError {
  const cause = new Error(`${verb}: '+' continuation where a final status was expected: ${text}`);
  return new BuzonError("PROTOCOL", undefined, { cause });
}
