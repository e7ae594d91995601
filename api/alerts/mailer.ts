/**
 * Buzón's own outgoing mail: alerts and POP3 backups go from BUZON_MAIL_FROM through
 * BUZON_SMTP_URL, never through the customer's mailbox.
 */
import nodemailer from "nodemailer";
import { BuzonError } from "../lib/errors.ts";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The original e-mail, attached byte for byte as message/rfc822. */
  original?: { filename: string; bytes: Uint8Array };
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export interface MailerOptions {
  url: string;
  from: string;
  /** PEM of a private CA trusted for the SMTP server's certificate. */
  ca?: string;
}

export function createMailer(options: MailerOptions): Mailer {
  // Options in an object (not the URL string alone), so the private CA reaches the TLS layer.
  // A pool keeps the SMTP session (and its TLS handshake) across forwards: one new connection
  // per POP3 backup measured 110-170 ms each on loopback, most of a run's time.
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: 2,
    ...(options.ca ? { tls: { ca: options.ca } } : {}),
  } as never);

  return {
    async send(mail) {
      // RFC 2046 §5.2.1: the original travels unchanged inside message/rfc822. Nodemailer marks
      // that part inline by default and mail readers then flatten it; attachment keeps it whole.
      const attachments = mail.original
        ? [
            {
              filename: mail.original.filename,
              // A view, not a copy: the original may be a 25 MB e-mail.
              content: Buffer.from(
                mail.original.bytes.buffer,
                mail.original.bytes.byteOffset,
                mail.original.bytes.byteLength,
              ),
              contentType: "message/rfc822",
              contentDisposition: "attachment" as const,
              // 7bit/8bit bodies must not be re-encoded: RFC 2046 forbids base64 on message/rfc822.
              contentTransferEncoding: "8bit",
            },
          ]
        : [];
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          attachments,
        });
        return { messageId: String(info.messageId) };
      } catch (cause) {
        throw new BuzonError("CONNECTION", "El servidor SMTP de Buzón no aceptó el correo.", {
          cause,
        });
      }
    },
    close: () => transport.close(),
  };
}
