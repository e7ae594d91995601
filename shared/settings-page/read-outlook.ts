/**
 * Outlook on the web, Settings › Mail › Sync email (POP and IMAP): the POP, IMAP and SMTP blocks
 * ("Server name: outlook.office365.com", "Port: 993", "Encryption method: TLS") and the POP switch,
 * in English or Spanish. Read by labels and value shapes, never by the page's generated classes.
 */
import type { MailSecurity } from "../providers.ts";
import { fold, guessField, readField, readLabelPairs, readSecurity } from "./read-values.ts";
import type { MailService, PageSettings, ServerField, ServerValues, TextLeaf } from "./types.ts";

const LABELS: Record<string, ServerField> = {
  "server name": "host",
  "nombre del servidor": "host",
  "nombre de servidor": "host",
  port: "port",
  puerto: "port",
  "encryption method": "security",
  "metodo de cifrado": "security",
  "metodo de encriptacion": "security",
};

/** "IMAP setting", "POP settings", "Configuración de IMAP", "Configuración POP", "POP options". */
const SECTION =
  /^(?:(imap|pop3?|smtp) (?:settings?|options)|(?:configuracion|opciones) (?:de )?(imap|pop3?|smtp))$/;

const POP_SWITCH =
  /let devices and apps use pop|permitir que los dispositivos y (?:las )?aplicaciones (?:usen|utilicen) pop/;
const ACCESS_DISABLED = /^(?:access disabled|acceso (?:deshabilitado|desactivado))$/;
const YES = /^(?:yes|si)$/;
const NO = /^no$/;

function sectionOf(text: string): MailService | null {
  const match = SECTION.exec(fold(text).replace(/:$/, ""));
  const word = match?.[1] ?? match?.[2];
  if (!word) return null;
  return word.startsWith("pop") ? "pop3" : (word as MailService);
}

const empty = (): ServerValues => ({ host: null, port: null, security: null });

class OutlookReader<R> {
  readonly result: PageSettings<R> = {
    provider: "outlook",
    imap: null,
    pop3: null,
    smtp: null,
    popEnabled: null,
    username: null,
    found: [],
  };
  private section: MailService | null = null;
  private pendingLabel: ServerField | null = null;
  private inPopSwitch = false;

  read(leaf: TextLeaf<R>): void {
    const text = fold(leaf.text);
    if (text === "") return;
    if (this.readSwitch(leaf, text)) return;

    const section = sectionOf(text);
    if (section) {
      this.section = section;
      this.pendingLabel = null;
      return;
    }
    if (!this.section) return;
    if (this.section === "pop3" && ACCESS_DISABLED.test(text)) this.result.popEnabled ??= false;
    this.readValues(leaf);
  }

  private readSwitch(leaf: TextLeaf<R>, text: string): boolean {
    if (POP_SWITCH.test(text)) {
      this.inPopSwitch = true;
      return true;
    }
    if (!this.inPopSwitch || leaf.checked === undefined) return false;
    if (leaf.checked && YES.test(text)) this.result.popEnabled = true;
    if (leaf.checked && NO.test(text)) this.result.popEnabled = false;
    if (NO.test(text)) this.inPopSwitch = false;
    return true;
  }

  private readValues(leaf: TextLeaf<R>): void {
    const pairs = readLabelPairs(leaf.text, Object.keys(LABELS));
    if (pairs.length === 0) {
      const field = this.pendingLabel ?? guessField(leaf.text);
      this.pendingLabel = null;
      if (field) this.store(field, leaf.text, leaf.ref);
      return;
    }
    for (const { label, value } of pairs) {
      const field = LABELS[label]!;
      if (value === "") this.pendingLabel = field;
      else this.store(field, value, leaf.ref);
    }
  }

  private store(field: ServerField, text: string, ref: R): void {
    const value = readField(field, text);
    const service = this.section!;
    if (value === null) return;

    const values = (this.result[service] ??= empty());
    if (values[field] !== null) return;
    if (field === "host") values.host = value as string;
    if (field === "port") values.port = value as number;
    if (field === "security") values.security = readSecurity(text) as MailSecurity;
    this.result.found.push({ service, field, ref });
  }
}

/** Reads Outlook's Sync email page; null when it shows no server values nor the POP switch. */
export function readOutlookSettings<R>(leaves: Iterable<TextLeaf<R>>): PageSettings<R> | null {
  const reader = new OutlookReader<R>();
  for (const leaf of leaves) reader.read(leaf);

  const { result } = reader;
  // Outlook shows the POP server only while POP access is on.
  if (result.pop3?.host && result.popEnabled === null) result.popEnabled = true;
  return result.found.length > 0 || result.popEnabled !== null ? result : null;
}
