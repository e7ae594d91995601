/**
 * Server presets for well-known mail providers, chosen by the domain of the reception address, so
 * the form can fill Servidor, Puerto and Protocolo de Seguridad the way the seed page describes
 * for Outlook. Hosts and ports are the providers' published settings.
 */

import type { ServerType } from "./reception-config.ts";

export type MailProtocol = "imap" | "pop3";
export type MailSecurity = "ssl" | "starttls" | "none";

export interface ServerPreset {
  host: string;
  port: number;
  security: MailSecurity;
}

export interface Provider {
  id: string;
  name: string;
  /** Exact domains of the provider's addresses. */
  domains: readonly string[];
  /** Domain endings (tenant domains such as contoso.onmicrosoft.com). */
  suffixes?: readonly string[];
  /** null: the provider offers no access over that protocol. */
  imap: ServerPreset | null;
  pop3: ServerPreset | null;
  /** What the user must know before the login will work (Spanish first). */
  note: { es: string; en: string } | null;
  /** The sign-in to choose; `required`: nothing else works there. Absent: basic. */
  serverType?: { value: ServerType; required: boolean };
}

export interface ProviderSuggestion extends ServerPreset {
  provider: string;
  name: string;
  note: string | null;
  serverType: ServerType;
  serverTypeRequired: boolean;
}

export const MICROSOFT_NOTE = {
  es:
    "Microsoft ya no acepta la contraseña simple de la cuenta en IMAP/POP (exige autenticación " +
    "moderna OAuth2): elige «Microsoft 365 / Outlook (OAuth 2.0)» e inicia sesión con la cuenta.",
  en:
    "Microsoft no longer accepts the plain account password over IMAP/POP (it requires OAuth2 " +
    "modern authentication): choose Microsoft 365 / Outlook (OAuth 2.0) and sign in.",
};

const MICROSOFT_OAUTH = { value: "oauth-microsoft", required: true } as const;

const APP_PASSWORD_NOTE = {
  es: "Usa una contraseña de aplicación creada en la seguridad de la cuenta, no la habitual.",
  en: "Use an app password created in the account's security settings, not the normal password.",
};

const ssl = (host: string, port: number): ServerPreset => ({ host, port, security: "ssl" });

const OFFICE365_IMAP = ssl("outlook.office365.com", 993);
const OFFICE365_POP3 = ssl("outlook.office365.com", 995);

export const PROVIDERS: readonly Provider[] = [
  {
    id: "outlook",
    name: "Outlook.com / Hotmail / Live / MSN",
    domains: ["outlook.com", "outlook.es", "hotmail.com", "hotmail.es", "live.com", "msn.com"],
    imap: OFFICE365_IMAP,
    pop3: OFFICE365_POP3,
    note: MICROSOFT_NOTE,
    serverType: MICROSOFT_OAUTH,
  },
  {
    id: "microsoft365",
    name: "Microsoft 365",
    domains: [],
    suffixes: [".onmicrosoft.com"],
    imap: OFFICE365_IMAP,
    pop3: OFFICE365_POP3,
    note: MICROSOFT_NOTE,
    serverType: MICROSOFT_OAUTH,
  },
  {
    id: "gmail",
    name: "Gmail",
    domains: ["gmail.com", "googlemail.com"],
    imap: ssl("imap.gmail.com", 993),
    pop3: ssl("pop.gmail.com", 995),
    note: {
      es:
        "Gmail acepta «Google (OAuth 2.0)» o, con verificación en dos pasos, una contraseña de " +
        "aplicación; nunca la contraseña habitual.",
      en: "Gmail takes Google (OAuth 2.0) or, with 2-Step Verification, an app password.",
    },
    serverType: { value: "oauth-google", required: false },
  },
  {
    id: "yahoo",
    name: "Yahoo",
    domains: ["yahoo.com", "yahoo.es", "ymail.com", "rocketmail.com"],
    imap: ssl("imap.mail.yahoo.com", 993),
    pop3: ssl("pop.mail.yahoo.com", 995),
    note: APP_PASSWORD_NOTE,
  },
  {
    id: "zoho",
    name: "Zoho Mail",
    domains: ["zoho.com", "zohomail.com"],
    imap: ssl("imap.zoho.com", 993),
    pop3: ssl("pop.zoho.com", 995),
    note: {
      es: "Activa el acceso IMAP o POP en la configuración de Zoho Mail antes de conectar.",
      en: "Enable IMAP or POP access in Zoho Mail's settings before connecting.",
    },
  },
  {
    id: "icloud",
    name: "iCloud Mail",
    domains: ["icloud.com", "me.com", "mac.com"],
    imap: ssl("imap.mail.me.com", 993),
    pop3: null,
    note: {
      es: "iCloud solo ofrece IMAP y exige una contraseña específica para la app.",
      en: "iCloud offers IMAP only and requires an app-specific password.",
    },
  },
  {
    id: "aol",
    name: "AOL Mail",
    domains: ["aol.com"],
    imap: ssl("imap.aol.com", 993),
    pop3: ssl("pop.aol.com", 995),
    note: APP_PASSWORD_NOTE,
  },
  {
    id: "gmx",
    name: "GMX",
    domains: ["gmx.com", "gmx.us"],
    imap: ssl("imap.gmx.com", 993),
    pop3: ssl("pop.gmx.com", 995),
    note: {
      es: "Activa el acceso POP3/IMAP en la configuración de GMX.",
      en: "Enable POP3/IMAP access in GMX's settings.",
    },
  },
  {
    id: "gmx-de",
    name: "GMX (gmx.net / gmx.de)",
    domains: ["gmx.net", "gmx.de", "gmx.at", "gmx.ch"],
    imap: ssl("imap.gmx.net", 993),
    pop3: ssl("pop.gmx.net", 995),
    note: {
      es: "Activa el acceso POP3/IMAP en la configuración de GMX.",
      en: "Enable POP3/IMAP access in GMX's settings.",
    },
  },
];

/** The domain of an address (or a bare domain), lowercased; null when there is none. */
export function domainOf(emailOrDomain: string): string | null {
  const domain = emailOrDomain.trim().toLowerCase().split("@").pop() ?? "";
  return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain) ? domain : null;
}

export function findProvider(emailOrDomain: string): Provider | null {
  const domain = domainOf(emailOrDomain);
  if (!domain) return null;

  const matches = (p: Provider) =>
    p.domains.includes(domain) || (p.suffixes ?? []).some((s) => domain.endsWith(s));
  return PROVIDERS.find(matches) ?? null;
}

/** Host, port and security for an address and protocol; null when unknown or not offered. */
export function suggestServer(
  emailOrDomain: string,
  protocol: MailProtocol,
  language: "es" | "en" = "es",
): ProviderSuggestion | null {
  const provider = findProvider(emailOrDomain);
  const preset = provider?.[protocol];
  if (!provider || !preset) return null;

  const note = provider.note?.[language] ?? null;
  const type = provider.serverType ?? { value: "basic", required: false };
  return {
    provider: provider.id,
    name: provider.name,
    ...preset,
    note,
    serverType: type.value,
    serverTypeRequired: type.required,
  };
}
