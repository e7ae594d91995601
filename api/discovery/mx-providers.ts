/**
 * Mail providers recognised by where a domain's MX points, for company domains that no preset
 * names: Microsoft 365 and Google Workspace decide the server type (OAuth), the others the server.
 * Hosts are the providers' published settings.
 */
import type { ServerPreset } from "../../shared/providers.ts";
import type { ServerType } from "../../shared/reception-config.ts";

export interface MxProvider {
  id: string;
  name: string;
  /** Endings of MX host names that belong to the provider. */
  mxSuffixes: readonly string[];
  imap: ServerPreset | null;
  pop3: ServerPreset | null;
  serverType: ServerType;
  serverTypeRequired: boolean;
}

const ssl = (host: string, port: number): ServerPreset => ({ host, port, security: "ssl" });

export const MX_PROVIDERS: readonly MxProvider[] = [
  {
    id: "microsoft365",
    name: "Microsoft 365",
    // Every Microsoft 365 tenant's MX is <domain>.mail.protection.outlook.com.
    mxSuffixes: [".mail.protection.outlook.com", ".mx.microsoft"],
    imap: ssl("outlook.office365.com", 993),
    pop3: ssl("outlook.office365.com", 995),
    serverType: "oauth-microsoft",
    serverTypeRequired: true,
  },
  {
    id: "google-workspace",
    name: "Google Workspace",
    mxSuffixes: ["aspmx.l.google.com", ".googlemail.com", "smtp.google.com"],
    imap: ssl("imap.gmail.com", 993),
    pop3: ssl("pop.gmail.com", 995),
    // App passwords still work for accounts with 2-Step Verification; OAuth is the way forward.
    serverType: "oauth-google",
    serverTypeRequired: false,
  },
  {
    id: "zoho",
    name: "Zoho Mail",
    mxSuffixes: ["mx.zoho.com", "mx2.zoho.com", "mx3.zoho.com"],
    imap: ssl("imap.zoho.com", 993),
    pop3: ssl("pop.zoho.com", 995),
    serverType: "basic",
    serverTypeRequired: false,
  },
  {
    id: "godaddy",
    name: "GoDaddy (Workspace Email)",
    mxSuffixes: [".secureserver.net"],
    imap: ssl("imap.secureserver.net", 993),
    pop3: ssl("pop.secureserver.net", 995),
    serverType: "basic",
    serverTypeRequired: false,
  },
  {
    id: "hostinger",
    name: "Hostinger",
    mxSuffixes: [".hostinger.com"],
    imap: ssl("imap.hostinger.com", 993),
    pop3: ssl("pop.hostinger.com", 995),
    serverType: "basic",
    serverTypeRequired: false,
  },
  {
    id: "titan",
    name: "Titan Email",
    mxSuffixes: [".titan.email"],
    imap: ssl("imap.titan.email", 993),
    pop3: ssl("pop.titan.email", 995),
    serverType: "basic",
    serverTypeRequired: false,
  },
];

export function findMxProvider(exchanges: string[]): MxProvider | null {
  const names = exchanges.map((e) => e.toLowerCase().replace(/\.$/, ""));
  return (
    MX_PROVIDERS.find((p) =>
      names.some((name) =>
        p.mxSuffixes.some((s) => name === s.replace(/^\./, "") || name.endsWith(s)),
      ),
    ) ?? null
  );
}
