/** Mail server discovery from an address: presets, autoconfig, SRV and MX, each time-bounded. */
import type { AppContext } from "../context.ts";
import type { MailProtocol } from "../../shared/providers.ts";
import { discoverServer, isMicrosoft365Domain, type DiscoveryDeps } from "./discover.ts";
import { createResolver } from "./dns.ts";

export type { Discovery, DiscoverySource, DiscoveryStep } from "./types.ts";
export { discoverServer, type DiscoveryDeps } from "./discover.ts";

/** An empty BUZON_DNS_SERVERS list (tests) means presets only: nothing leaves the machine. */
function resolverFor(ctx: AppContext) {
  if (ctx.resolver) return ctx.resolver;
  return ctx.dnsServers?.length === 0 ? null : createResolver(ctx.dnsServers);
}

export function discoveryDeps(ctx: AppContext): DiscoveryDeps {
  return {
    resolver: resolverFor(ctx),
    allowPrivateHosts: ctx.allowPrivateHosts,
    lookupHost: ctx.lookupHost,
  };
}

export function discover(ctx: AppContext, email: string, protocol: MailProtocol) {
  return discoverServer(email, protocol, discoveryDeps(ctx));
}

/** The MX of the address's domain points at Microsoft 365 (false when DNS is off or silent). */
export async function mailboxAtMicrosoft365(ctx: AppContext, email: string): Promise<boolean> {
  const resolver = resolverFor(ctx);
  const domain = email.includes("@") ? email.split("@").pop()!.toLowerCase() : null;
  if (!resolver || !domain) return false;
  return isMicrosoft365Domain(domain, resolver);
}
