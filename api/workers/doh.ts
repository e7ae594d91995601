/**
 * DNS over HTTPS for Workers, where node:dns cannot be pointed at a server: the JSON form of DoH
 * (`application/dns-json`, answered by Cloudflare's and Google's resolvers) through fetch. It
 * answers the three questions Buzón asks: an address for a mail server (checked by the host
 * policy before connecting), and SRV (RFC 6186/8314) and MX records for discovery.
 */
import type { MxRecord, SrvRecord } from "node:dns";
import type { MailResolver } from "../discovery/dns.ts";
import type { LookupHost } from "../security/host-policy.ts";

export const DEFAULT_DOH_URL = "https://cloudflare-dns.com/dns-query";

/** RFC 1035 §3.2.2 type codes. */
const TYPE = { A: 1, AAAA: 28, MX: 15, SRV: 33 } as const;
const DOH_TIMEOUT_MS = 3_000;

interface DohAnswer {
  type: number;
  data: string;
}

/** An error shaped like node:dns's, so callers treat "no such name" and "no data" the same way. */
function dnsError(code: string, name: string): Error {
  return Object.assign(new Error(`${code} ${name}`), { code });
}

export interface DohClient extends MailResolver {
  lookupHost: LookupHost;
}

export function createDohClient(url: string, fetchFn: typeof fetch = fetch): DohClient {
  async function ask(name: string, type: keyof typeof TYPE): Promise<string[]> {
    const query = new URL(url);
    query.searchParams.set("name", name);
    query.searchParams.set("type", type);
    const res = await fetchFn(query, {
      headers: { accept: "application/dns-json" },
      signal: AbortSignal.timeout(DOH_TIMEOUT_MS),
    });
    if (!res.ok) throw dnsError("ESERVFAIL", name);
    const body = (await res.json()) as { Status?: number; Answer?: DohAnswer[] };
    // RCODE 3 is NXDOMAIN (RFC 1035 §4.1.1); anything else but 0 is a resolver failure.
    if (body.Status === 3) throw dnsError("ENOTFOUND", name);
    if (body.Status !== 0) throw dnsError("ESERVFAIL", name);
    const data = (body.Answer ?? []).filter((a) => a.type === TYPE[type]).map((a) => a.data);
    if (data.length === 0) throw dnsError("ENODATA", name);
    return data;
  }

  return {
    async lookupHost(host) {
      try {
        return (await ask(host, "A"))[0]!;
      } catch (error) {
        if ((error as { code?: string }).code !== "ENODATA") throw error;
        return (await ask(host, "AAAA"))[0]!;
      }
    },
    async resolveSrv(name): Promise<SrvRecord[]> {
      return (await ask(name, "SRV")).flatMap((data) => {
        const [priority, weight, port, target] = data.trim().split(/\s+/);
        const record = { priority: +priority!, weight: +weight!, port: +port!, name: target ?? "" };
        return [record.priority, record.weight, record.port].every(Number.isInteger)
          ? [record]
          : [];
      });
    },
    async resolveMx(name): Promise<MxRecord[]> {
      return (await ask(name, "MX")).flatMap((data) => {
        const [priority, exchange] = data.trim().split(/\s+/);
        return Number.isInteger(+priority!) && exchange
          ? [{ priority: +priority!, exchange: exchange.replace(/\.$/, "") }]
          : [];
      });
    },
  };
}
