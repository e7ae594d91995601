import { describe, expect, it } from "vitest";
import { readCpanelSettings } from "./read-cpanel.ts";

const leaves = (lines: string[]) => lines.map((text, ref) => ({ text, ref }));

const ENGLISH = [
  "Connect Devices",
  "Mail Client Manual Settings",
  "Secure SSL/TLS Settings (Recommended)",
  "Username: recepcion@empresa.com.co",
  "Password: Use the email account’s password.",
  "Incoming Server: mail.empresa.com.co",
  "IMAP Port: 993 POP3 Port: 995",
  "Outgoing Server: mail.empresa.com.co",
  "SMTP Port: 465",
  "IMAP, POP3, and SMTP require authentication.",
  "Non-SSL Settings (NOT Recommended)",
  "Incoming Server: mail.empresa.com.co",
  "IMAP Port: 143 POP3 Port: 110",
];

const SPANISH = [
  "Conectar dispositivos",
  "Configuración manual del cliente de correo",
  "Configuración segura SSL/TLS (recomendada)",
  "Nombre de usuario:",
  "facturas@proveedor.co",
  "Servidor entrante:",
  "servidor.hosting.co",
  "Puerto IMAP:",
  "993",
  "Puerto POP3:",
  "995",
  "Servidor saliente: servidor.hosting.co",
  "Puerto SMTP: 465",
  "Configuración sin SSL (NO recomendada)",
  "Puerto IMAP: 143",
];

describe("readCpanelSettings", () => {
  it("reads the secure block of the English page and skips the plain one", () => {
    const page = readCpanelSettings(leaves(ENGLISH))!;

    expect(page.imap).toEqual({ host: "mail.empresa.com.co", port: 993, security: "ssl" });
    expect(page.pop3).toEqual({ host: "mail.empresa.com.co", port: 995, security: "ssl" });
    expect(page.smtp).toEqual({ host: "mail.empresa.com.co", port: 465, security: "ssl" });
    expect(page.username).toBe("recepcion@empresa.com.co");
    expect(page.found.every((f) => f.ref < 10)).toBe(true);
  });

  it("reads the Spanish page with labels and values in separate elements", () => {
    const page = readCpanelSettings(leaves(SPANISH))!;

    expect(page.imap).toEqual({ host: "servidor.hosting.co", port: 993, security: "ssl" });
    expect(page.pop3).toEqual({ host: "servidor.hosting.co", port: 995, security: "ssl" });
    expect(page.username).toBe("facturas@proveedor.co");
  });

  it("keeps the host when the ports are missing", () => {
    const lines = ["Secure SSL/TLS Settings", "Incoming Server: mail.example.org", "IMAP Port:"];
    const page = readCpanelSettings(leaves(lines))!;

    expect(page.imap).toEqual({ host: "mail.example.org", port: null, security: "ssl" });
  });

  it("answers null for a page without the secure block", () => {
    expect(readCpanelSettings(leaves(["Email Accounts", "Incoming Server: mail.x.co"]))).toBeNull();
  });
});
