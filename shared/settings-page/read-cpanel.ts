/**
 * cPanel, Email Accounts › Connect Devices (Mail Client Manual Settings), in English or Spanish.
 * Only the secure SSL/TLS block is read: its incoming server serves IMAP and POP3, and the plain
 * (non-SSL) block that follows it is never offered.
 */
import { fold, readHost, readLabelPairs, readPort } from "./read-values.ts";
import type { MailService, PageSettings, ServerField, TextLeaf } from "./types.ts";

type Target = { services: MailService[]; field: ServerField } | { username: true };

const LABELS: Record<string, Target> = {
  "incoming server": { services: ["imap", "pop3"], field: "host" },
  "servidor entrante": { services: ["imap", "pop3"], field: "host" },
  "servidor de entrada": { services: ["imap", "pop3"], field: "host" },
  "outgoing server": { services: ["smtp"], field: "host" },
  "servidor saliente": { services: ["smtp"], field: "host" },
  "servidor de salida": { services: ["smtp"], field: "host" },
  "imap port": { services: ["imap"], field: "port" },
  "puerto imap": { services: ["imap"], field: "port" },
  "pop3 port": { services: ["pop3"], field: "port" },
  "puerto pop3": { services: ["pop3"], field: "port" },
  "smtp port": { services: ["smtp"], field: "port" },
  "puerto smtp": { services: ["smtp"], field: "port" },
  username: { username: true },
  "nombre de usuario": { username: true },
  usuario: { username: true },
};

const SECURE_BLOCK = /secure ssl\/tls settings|configuracion (?:segura )?(?:de )?ssl\/tls/;
const PLAIN_BLOCK = /non-ssl settings|configuracion (?:sin|no) ssl|configuracion no segura/;

class CpanelReader<R> {
  readonly result: PageSettings<R> = {
    provider: "cpanel",
    imap: null,
    pop3: null,
    smtp: null,
    popEnabled: null,
    username: null,
    found: [],
  };
  private state: "before" | "secure" | "after" = "before";
  private pending: Target | null = null;

  read(leaf: TextLeaf<R>): void {
    const text = fold(leaf.text);
    if (PLAIN_BLOCK.test(text)) this.state = this.state === "secure" ? "after" : this.state;
    else if (SECURE_BLOCK.test(text)) this.state = "secure";
    if (this.state !== "secure" || text === "") return;

    const pairs = readLabelPairs(leaf.text, Object.keys(LABELS));
    if (pairs.length === 0 && this.pending) this.store(this.pending, leaf.text, leaf.ref);
    this.pending = null;
    for (const { label, value } of pairs) {
      if (value === "") this.pending = LABELS[label]!;
      else this.store(LABELS[label]!, value, leaf.ref);
    }
  }

  private store(target: Target, text: string, ref: R): void {
    if ("username" in target) {
      const user = text.trim().split(/\s/)[0] ?? "";
      if (user.includes("@")) this.result.username ??= user;
      return;
    }
    const value = target.field === "host" ? readHost(text) : readPort(text);
    if (value === null) return;

    for (const service of target.services) {
      const values = (this.result[service] ??= { host: null, port: null, security: "ssl" });
      if (values[target.field] !== null) continue;
      if (target.field === "host") values.host = value as string;
      else values.port = value as number;
      this.result.found.push({ service, field: target.field, ref });
    }
  }
}

/** Reads cPanel's Connect Devices page; null when its secure block shows no server value. */
export function readCpanelSettings<R>(leaves: Iterable<TextLeaf<R>>): PageSettings<R> | null {
  const reader = new CpanelReader<R>();
  for (const leaf of leaves) reader.read(leaf);
  return reader.result.found.length > 0 ? reader.result : null;
}
