import { describe, expect, it } from "vitest";
import { readOutlookSettings } from "./read-outlook.ts";
import type { TextLeaf } from "./types.ts";

/** Leaves from lines; "[x] Yes" / "[ ] No" stand for radio buttons. */
function leaves(lines: string[]): TextLeaf<number>[] {
  return lines.map((line, ref) => {
    const radio = /^\[( |x)\] (.*)$/.exec(line);
    return radio ? { text: radio[2]!, ref, checked: radio[1] === "x" } : { text: line, ref };
  });
}

const ENGLISH = [
  "Sync email",
  "Set default From address",
  "Email aliases",
  "POP and IMAP",
  "POP options",
  "Let devices and apps use POP",
  "[ ] Yes",
  "[x] No",
  "POP setting",
  "Access disabled",
  "IMAP setting",
  "Server name: outlook.office365.com",
  "Port: 993",
  "Encryption method: TLS",
  "SMTP setting",
  "Server name: smtp.office365.com",
  "Port: 587",
  "Encryption method: STARTTLS",
];

const SPANISH = [
  "Sincronizar correo electrónico",
  "POP e IMAP",
  "Opciones de POP",
  "Permitir que los dispositivos y las aplicaciones utilicen POP",
  "[x] Sí",
  "[ ] No",
  "Configuración de POP",
  "Nombre del servidor",
  "outlook.office365.com",
  "Puerto",
  "995",
  "Método de cifrado",
  "TLS",
  "Configuración de IMAP",
  "Nombre del servidor: outlook.office365.com",
  "Puerto: 993",
  "Método de cifrado: TLS",
];

describe("readOutlookSettings", () => {
  it("reads the IMAP and SMTP blocks and POP switched off from the English page", () => {
    const page = readOutlookSettings(leaves(ENGLISH))!;

    expect(page.imap).toEqual({ host: "outlook.office365.com", port: 993, security: "ssl" });
    expect(page.smtp).toEqual({ host: "smtp.office365.com", port: 587, security: "starttls" });
    expect(page.pop3).toBeNull();
    expect(page.popEnabled).toBe(false);
    expect(page.found.filter((f) => f.service === "imap").map((f) => f.ref)).toEqual([11, 12, 13]);
  });

  it("reads labels and values in separate elements from the Spanish page, POP switched on", () => {
    const page = readOutlookSettings(leaves(SPANISH))!;

    expect(page.pop3).toEqual({ host: "outlook.office365.com", port: 995, security: "ssl" });
    expect(page.imap).toEqual({ host: "outlook.office365.com", port: 993, security: "ssl" });
    expect(page.popEnabled).toBe(true);
    expect(page.found.find((f) => f.service === "pop3" && f.field === "port")?.ref).toBe(10);
  });

  it("keeps what it found when a value is missing", () => {
    const page = readOutlookSettings(leaves(["IMAP setting", "Server name:", "Port: 993"]))!;

    expect(page.imap).toEqual({ host: null, port: 993, security: null });
  });

  it("answers null for a settings page without the POP and IMAP section", () => {
    expect(readOutlookSettings(leaves(["Layout", "Focused Inbox", "Port: 993"]))).toBeNull();
  });

  it("ignores values that do not have the shape their label asks for", () => {
    const page = readOutlookSettings(
      leaves(["IMAP setting", "Server name: loading…", "Port: 99999"]),
    );

    expect(page).toBeNull();
  });

  it("reads values shown without labels by their shape", () => {
    const page = readOutlookSettings(
      leaves(["IMAP settings", "outlook.office365.com", "993", "TLS"]),
    );

    expect(page?.imap).toEqual({ host: "outlook.office365.com", port: 993, security: "ssl" });
  });
});
