/**
 * The domain's own autoconfig file (Thunderbird's clientConfig v1.1), at
 * `autoconfig.<domain>/mail/config-v1.1.xml` and `<domain>/.well-known/autoconfig/mail/...`.
 * cPanel hosting, common among Colombian companies, serves the first one by itself.
 */
import { readXmlText, type XmlElement } from "../dian/xml-dom.ts";
import type { MailProtocol, MailSecurity } from "../../shared/providers.ts";
import { fetchChecked, type FetchPolicy } from "./fetch-checked.ts";
import type { FoundServer } from "./types.ts";

/** Real files are 1–5 KB; 64 KB bounds a hostile one. */
const MAX_AUTOCONFIG_BYTES = 64 * 1024;

export function autoconfigUrls(domain: string, email: string): string[] {
  const address = encodeURIComponent(email);
  return [
    `https://autoconfig.${domain}/mail/config-v1.1.xml?emailaddress=${address}`,
    `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=${address}`,
  ];
}

const SOCKET_TYPES: Record<string, MailSecurity> = {
  SSL: "ssl",
  STARTTLS: "starttls",
  plain: "none",
};

const child = (el: XmlElement, local: string) => el.elements.find((e) => e.local === local);

function fill(template: string, email: string, domain: string): string {
  const local = email.includes("@") ? email.slice(0, email.lastIndexOf("@")) : email;
  return template
    .replaceAll("%EMAILADDRESS%", email)
    .replaceAll("%EMAILLOCALPART%", local)
    .replaceAll("%EMAILDOMAIN%", domain);
}

/** The first incomingServer of the protocol, in the file's order of preference. */
export function readAutoconfig(
  xml: string,
  protocol: MailProtocol,
  email: string,
  domain: string,
): FoundServer | null {
  const root = readXmlText(xml);
  const provider = root.local === "clientConfig" ? child(root, "emailProvider") : undefined;
  const type = protocol === "imap" ? "imap" : "pop3";
  for (const server of provider?.elements ?? []) {
    if (server.local !== "incomingServer" || server.attrs.type !== type) continue;
    const host = fill(child(server, "hostname")?.text.trim() ?? "", email, domain).toLowerCase();
    const port = Number(child(server, "port")?.text.trim());
    const security = SOCKET_TYPES[child(server, "socketType")?.text.trim() ?? ""];
    if (
      /^[a-z0-9.-]+$/.test(host) &&
      Number.isInteger(port) &&
      port > 0 &&
      port < 65536 &&
      security
    ) {
      return { host, port, security };
    }
  }
  return null;
}

export async function fetchAutoconfig(
  urls: string[],
  protocol: MailProtocol,
  email: string,
  domain: string,
  policy: Omit<FetchPolicy, "maxBytes">,
): Promise<FoundServer | null> {
  for (const url of urls) {
    const xml = await fetchChecked(url, { ...policy, maxBytes: MAX_AUTOCONFIG_BYTES }).catch(
      () => null,
    );
    if (!xml) continue;
    try {
      const found = readAutoconfig(xml, protocol, email, domain);
      if (found) return found;
    } catch {
      // Not a clientConfig file (an HTML page answering 200, say): try the next place.
    }
  }
  return null;
}
