import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SMTPServer, type SMTPServerAddress } from "smtp-server";

export interface SinkEnvelope {
  mailFrom: string;
  rcptTo: string[];
}

export interface SmtpSinkOptions {
  dir: string;
  port: number;
  certFile: string;
  keyFile: string;
}

/** The reply a test asked for with a `refuse-<rcpt>` or `tempfail-<rcpt>` file, if any. */
function refusalFor(dir: string, rcpt: string): Error | undefined {
  const address = rcpt.toLowerCase();
  const marks = [
    { file: `refuse-${address}`, code: 550, text: "Mailbox unavailable (test refusal)" },
    { file: `tempfail-${address}`, code: 451, text: "Try again later (test tempfail)" },
  ];
  const mark = marks.find(({ file }) => existsSync(join(dir, file)));
  if (!mark) return undefined;
  return Object.assign(new Error(mark.text), { responseCode: mark.code });
}

/**
 * Writes one accepted message as `<n>.eml` (bytes exactly as received after SMTP dot-unstuffing)
 * and then `<n>.json`. The JSON appears last and by rename, so a reader that lists `.json` files
 * never sees a half-written message.
 */
function storeMessage(dir: string, n: number, raw: Buffer, envelope: SinkEnvelope): void {
  writeFileSync(join(dir, `${n}.eml`), raw);
  writeFileSync(join(dir, `${n}.json.tmp`), JSON.stringify(envelope));
  renameSync(join(dir, `${n}.json.tmp`), join(dir, `${n}.json`));
}

const addressOf = (a: SMTPServerAddress | false) => (a ? a.address : "");

/** An SMTP server on 127.0.0.1 that accepts anything, without auth, and keeps every message. */
export async function startSmtpSink(options: SmtpSinkOptions): Promise<SMTPServer> {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    // A reverse lookup of 127.0.0.1 would ask the system resolver; keep the sink offline.
    disableReverseLookup: true,
    logger: false,
    // Teardown should not wait the default 30 s for a client that left its connection open.
    closeTimeout: 1_000,
    // STARTTLS with the CA-signed certificate, so clients that trust caPem can require TLS.
    key: readFileSync(options.keyFile),
    cert: readFileSync(options.certFile),
    onRcptTo(address, _session, callback) {
      callback(refusalFor(options.dir, address.address) ?? null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const envelope = {
          mailFrom: addressOf(session.envelope.mailFrom),
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        count += 1;
        storeMessage(options.dir, count, Buffer.concat(chunks), envelope);
        callback(null);
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      // A client killed mid-DATA (the kill -9 tests do that) resets its connection; smtp-server
      // reports it as an 'error' event, which without a listener would end the whole test run.
      server.on("error", () => undefined);
      resolve();
    });
  });
  return server;
}

export function stopSmtpSink(server: SMTPServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
