/**
 * SRV (RFC 6186, RFC 8314) and MX lookups through node:dns's Resolver, on the servers
 * BUZON_DNS_SERVERS names (tests: a server on loopback) or the system's.
 */
import { Resolver } from "node:dns/promises";
import type { MailProtocol, MailSecurity } from "../../shared/providers.ts";
import type { FoundServer } from "./types.ts";
import { NAME_NOT_FOUND } from "../security/host-policy.ts";

/** Per try; one try: a discovery step must answer while the user types. */
const DNS_TIMEOUT_MS = 2_000;

/** The two questions discovery asks; node:dns's Resolver answers them, and so does DoH on Workers. */
export type MailResolver = Pick<Resolver, "resolveSrv" | "resolveMx">;

export function createResolver(servers: string[] | undefined): Resolver {
  const resolver = new Resolver({ timeout: DNS_TIMEOUT_MS, tries: 1 });
  if (servers) resolver.setServers(servers);
  return resolver;
}

/** RFC 8314 §5.1: implicit TLS first; RFC 6186 §3.2 names the STARTTLS services. */
const SERVICES: Record<MailProtocol, { name: string; security: MailSecurity }[]> = {
  imap: [
    { name: "_imaps._tcp", security: "ssl" },
    { name: "_imap._tcp", security: "starttls" },
  ],
  pop3: [
    { name: "_pop3s._tcp", security: "ssl" },
    { name: "_pop3._tcp", security: "starttls" },
  ],
};

async function resolveOrEmpty<T>(lookup: () => Promise<T[]>): Promise<T[]> {
  try {
    return await lookup();
  } catch (error) {
    if (NAME_NOT_FOUND.has((error as NodeJS.ErrnoException).code ?? "")) return [];
    throw error;
  }
}

/** The best SRV target per RFC 2782 (lowest priority, then highest weight); "." means none. */
export async function lookupSrv(
  resolver: MailResolver,
  domain: string,
  protocol: MailProtocol,
): Promise<FoundServer | null> {
  for (const service of SERVICES[protocol]) {
    const records = await resolveOrEmpty(() => resolver.resolveSrv(`${service.name}.${domain}`));
    const usable = records
      .filter((r) => r.name !== "" && r.name !== "." && r.port > 0)
      .sort((a, b) => a.priority - b.priority || b.weight - a.weight);
    const best = usable[0];
    if (best) {
      return {
        host: best.name.replace(/\.$/, "").toLowerCase(),
        port: best.port,
        security: service.security,
      };
    }
  }
  return null;
}

export async function lookupMx(resolver: MailResolver, domain: string): Promise<string[]> {
  const records = await resolveOrEmpty(() => resolver.resolveMx(domain));
  return records.sort((a, b) => a.priority - b.priority).map((r) => r.exchange);
}
