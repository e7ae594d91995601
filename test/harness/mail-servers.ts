/**
 * What the global setup hands to every test file through vitest's `provide`/`inject`.
 * Plain JSON only: the value crosses from the main process to the test workers.
 */
export interface MailServers {
  /** "localhost", the name on the server certificate (mbsync and workerd check names, not IPs). */
  host: string;
  /** IMAP with STARTTLS offered; plaintext login works only because 127.0.0.1 counts as secure. */
  imapPort: number;
  imapsPort: number;
  /** POP3 with STLS offered. */
  pop3Port: number;
  pop3sPort: number;
  /** SMTP sink: no auth, STARTTLS with the same CA-signed certificate. */
  smtpPort: number;
  /** PEM of the test CA that signed the server certificate. */
  caPem: string;
  /** The same CA as a file, for NODE_EXTRA_CA_CERTS or tools that want a path. */
  caFile: string;
  /**
   * A shared passwd-file (`user:password` lines) that tests may append to. Dovecot checks it for
   * changes at most once a second, so a user added here can be unknown for up to a second.
   */
  passwdFile: string;
  /** One passwd-file per user, named after the user: what `createMailUser` writes, seen at once. */
  passwdDir: string;
  /** Where the SMTP sink writes `<n>.eml` + `<n>.json` and looks for refusal marks. */
  sinkDir: string;
  /** The temp root holding everything above; removed on teardown. */
  root: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    mailServers: MailServers;
  }
}
