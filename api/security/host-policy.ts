/**
 * Which addresses a mailbox host may resolve to. A service that connects wherever a user says
 * must not become a way into its own network: loopback, private (RFC 1918), CGNAT (RFC 6598),
 * link-local (incl. the 169.254.169.254 metadata address), multicast and reserved ranges are
 * refused unless BUZON_ALLOW_PRIVATE_HOSTS says otherwise. The address checked is the address
 * connected to: callers connect to `address` and verify TLS against `servername`.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { addressBytes, inPrefix } from "./ip-address.ts";
import { BuzonError } from "../lib/errors.ts";
import { SECURITY_OPTIONS } from "../../shared/reception-config.ts";

/** [prefix bytes, prefix length in bits] */
type Range = [number[], number];

const V4_BLOCKED: Range[] = [
  [[0], 8], // "this network"
  [[10], 8], // RFC 1918
  [[100, 64], 10], // RFC 6598 carrier-grade NAT
  [[127], 8], // loopback
  [[169, 254], 16], // link-local, incl. the 169.254.169.254 metadata service
  [[172, 16], 12], // RFC 1918
  [[192, 0, 0], 24], // IETF protocol assignments
  [[192, 0, 2], 24], // TEST-NET-1
  [[192, 168], 16], // RFC 1918
  [[198, 18], 15], // benchmarking
  [[198, 51, 100], 24], // TEST-NET-2
  [[203, 0, 113], 24], // TEST-NET-3
  [[224], 4], // multicast
  [[240], 4], // reserved, broadcast
];

const V6_BLOCKED: Range[] = [
  [[], 127], // :: and ::1 (checked with the last bit free)
  [[0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48], // local-use NAT64 (RFC 8215): any IPv4 behind it
  [[0x01, 0x00], 64], // discard-only
  [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
  [[0xfc], 7], // unique local
  [[0xfe, 0x80], 10], // link-local
  [[0xfe, 0xc0], 10], // site-local (deprecated)
  [[0xff], 8], // multicast
];

/**
 * IPv6 forms that carry an IPv4 address, checked as that address: [prefix, bits, where the 4
 * IPv4 bytes start]. Mapped and compatible (RFC 4291 §2.5.5), translated (RFC 2765), the NAT64
 * well-known prefix (RFC 6052) and 6to4 (RFC 3056, the address in bytes 2–5).
 */
const V4_CARRIERS: [number[], number, number][] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96, 12],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 96, 12],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0], 96, 12],
  [[0x00, 0x64, 0xff, 0x9b], 96, 12],
  [[0x20, 0x02], 16, 2],
];

function blocked(bytes: Uint8Array, ranges: Range[]): boolean {
  return ranges.some(([prefix, bits]) => inPrefix(bytes, prefix, bits));
}

export function isPrivateAddress(address: string): boolean {
  const bytes = addressBytes(address);
  if (!bytes) return true;
  if (bytes.length === 4) return blocked(bytes, V4_BLOCKED);
  if (blocked(bytes, V6_BLOCKED)) return true;
  return V4_CARRIERS.some(
    ([prefix, bits, at]) =>
      inPrefix(bytes, prefix, bits) && blocked(bytes.subarray(at, at + 4), V4_BLOCKED),
  );
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

/** node:dns's (and the DoH client's) codes for a name that has no record of the kind asked. */
export const NAME_NOT_FOUND = new Set(["ENOTFOUND", "ENODATA", "NOTFOUND", "ENONAME"]);

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
      // Only "no such name" / "no address" is the user's to fix; a resolver that cannot answer
      // (refused, SERVFAIL, timeout) is the service's, and saying "check the name" would mislead.
      const code = (cause as { code?: string }).code ?? "";
      const message = NAME_NOT_FOUND.has(code)
        ? `No se encontró el servidor «${host}»: revisa el nombre.`
        : `No fue posible consultar el DNS para «${host}»; intenta de nuevo en unos minutos.`;
      const reason = NAME_NOT_FOUND.has(code) ? "NAME_NOT_FOUND" : "RESOLVER_UNAVAILABLE";
      throw new BuzonError("DNS", message, { cause, details: { field: "host", reason } });
    }
  }
  if (!allowPrivate && isPrivateAddress(address)) throw privateHostError();
  return { address, servername: isIP(host) ? undefined : host };
}

/** IMAP, IMAPS, POP3, POP3S (RFC 3501, 8314, 1939, 2595): where mail servers listen. */
export const MAIL_PORTS = [143, 993, 110, 995];

/**
 * A user-given port must be a mail port, so Buzón cannot be pointed at other services of a host
 * (a database, an admin page). BUZON_ALLOWED_PORTS adds ports; allowing private hosts (tests,
 * on-premise servers) lifts the limit.
 */
export function assertMailPort(port: number, allowPrivate: boolean, extra: number[] = []): void {
  if (allowPrivate || MAIL_PORTS.includes(port) || extra.includes(port)) return;
  throw new BuzonError(
    "HOST_NOT_ALLOWED",
    `El puerto ${port} no es un puerto de correo (143, 993, 110, 995); Buzón no se conecta a él.`,
    { details: { field: "port", code: "PORT_NOT_ALLOWED" } },
  );
}

export interface HostPolicy {
  allowPrivateHosts: boolean;
  allowedPorts?: number[];
  lookupHost?: LookupHost;
  /**
   * Workers: workerd cannot upgrade a Node-style socket to TLS in place (its reader is still
   * locked by the pending read), so STARTTLS/STLS cannot work there; only implicit TLS does.
   */
  implicitTlsOnly?: boolean;
}

/**
 * The checks that need no DNS: the security this host can use, the port, and an address typed
 * as an IP. Run when a form is saved, so a setting that can never connect is refused there and
 * not at the first run; the rest (what a name resolves to) waits for the connection.
 */
export function checkMailServer(
  policy: HostPolicy,
  host: string,
  port: number,
  security?: string,
): void {
  // Fails closed: a value that is none of the three must never reach a connector as plaintext.
  if (security !== undefined && !(SECURITY_OPTIONS as readonly string[]).includes(security)) {
    throw new BuzonError(
      "INVALID_INPUT",
      "El «Protocolo de Seguridad» no es una de las opciones.",
      {
        details: { field: "security", reason: "UNKNOWN_SECURITY" },
      },
    );
  }
  if (policy.implicitTlsOnly && security !== "ssl") {
    throw new BuzonError(
      "TLS",
      "En Cloudflare Workers solo se admite SSL/TLS directo (IMAPS 993 o POP3S 995, RFC 8314): " +
        "cambia «Protocolo de Seguridad» a SSL/TLS.",
      { details: { field: "security", reason: "IMPLICIT_TLS_REQUIRED" } },
    );
  }
  assertMailPort(port, policy.allowPrivateHosts, policy.allowedPorts);
  if (policy.allowPrivateHosts) return;
  if (isIP(host) ? isPrivateAddress(host) : isLocalName(host)) throw privateHostError();
}

/** "localhost" and names under it are this machine (RFC 6761 §6.3), whatever DNS would say. */
function isLocalName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}

function privateHostError(): BuzonError {
  return new BuzonError(
    "HOST_NOT_ALLOWED",
    "El servidor apunta a una dirección privada o local; Buzón no se conecta a esas direcciones.",
    { details: { field: "host", code: "PRIVATE_HOST" } },
  );
}

/** A mailbox server as the user gave it, checked (port, then address) and resolved once. */
export async function resolveMailServer(
  policy: HostPolicy,
  host: string,
  port: number,
  security?: string,
): Promise<ResolvedHost> {
  checkMailServer(policy, host, port, security);
  return resolveMailHost(host, policy.allowPrivateHosts, policy.lookupHost);
}
