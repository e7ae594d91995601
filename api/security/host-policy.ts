/**
 * Which addresses a mailbox host may resolve to. A service that connects wherever a user says
 * must not become a way into its own network: loopback, private (RFC 1918), CGNAT (RFC 6598),
 * link-local (incl. the 169.254.169.254 metadata address), multicast and reserved ranges are
 * refused unless BUZON_ALLOW_PRIVATE_HOSTS says otherwise. The address checked is the address
 * connected to: callers connect to `address` and verify TLS against `servername`.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { BuzonError } from "../lib/errors.ts";

const V4_BLOCKED: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];

function v4ToInt(address: string): number {
  return address.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

function isBlockedV4(address: string): boolean {
  const value = v4ToInt(address);
  return V4_BLOCKED.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    const start = v4ToInt(base);
    return value >= start && value < start + size;
  });
}

function isBlockedV6(address: string): boolean {
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1]) return isBlockedV4(mapped[1]);
  if (lower === "::" || lower === "::1") return true;
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast, fec0::/10 site-local
  return /^(f[cd]|fe[89ab]|ff|fe[cdef])/.test(lower);
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return isBlockedV4(address);
  if (family === 6) return isBlockedV6(address);
  return true;
}

export interface ResolvedHost {
  /** The address to connect to: the one that was checked. */
  address: string;
  /** The name the TLS certificate must carry; undefined when the host is an IP literal. */
  servername: string | undefined;
}

/** Turns a host name into one address; the system resolver unless a caller brings its own. */
export type LookupHost = (host: string) => Promise<string>;

export const systemLookup: LookupHost = async (host) => (await lookup(host)).address;

/** Resolves once, checks, and returns the address to connect to. */
export async function resolveMailHost(
  host: string,
  allowPrivate: boolean,
  lookupHost: LookupHost = systemLookup,
): Promise<ResolvedHost> {
  let address = host;
  if (!isIP(host)) {
    try {
      address = await lookupHost(host);
    } catch (cause) {
      throw new BuzonError("DNS", `No se encontró el servidor «${host}»: revisa el nombre.`, {
        cause,
      });
    }
  }
  if (!allowPrivate && isPrivateAddress(address)) {
    throw new BuzonError(
      "INVALID_INPUT",
      "El servidor apunta a una dirección privada o local; Buzón no se conecta a esas direcciones.",
      { details: { field: "host", code: "PRIVATE_HOST" } },
    );
  }
  return { address, servername: isIP(host) ? undefined : host };
}
