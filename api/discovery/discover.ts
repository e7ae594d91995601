/**
 * Server settings from an e-mail address, by a chain of steps each bounded in time: Buzón's
 * presets, then (for other domains) the domain's autoconfig file, its SRV records and its MX, asked
 * together. The answer names where each value came from and the sign-in the provider requires.
 */
import { domainOf, findProvider, type MailProtocol } from "../../shared/providers.ts";
import type { ServerType } from "../../shared/reception-config.ts";
import type { LookupHost } from "../security/host-policy.ts";
import { autoconfigUrls, fetchAutoconfig } from "./autoconfig.ts";
import { lookupMx, lookupSrv, type MailResolver } from "./dns.ts";
import { findMxProvider, type MxProvider } from "./mx-providers.ts";
import type { Discovery, DiscoverySource, DiscoveryStep, FoundServer } from "./types.ts";

/** Each network step gets this long: the form asks while the user types. */
export const STEP_TIMEOUT_MS = 3_000;

export interface DiscoveryDeps {
  /** null: no network steps (presets only). */
  resolver: MailResolver | null;
  allowPrivateHosts: boolean;
  lookupHost?: LookupHost;
  /** Where to look for the autoconfig file; tests serve it on loopback. */
  autoconfigUrls?: (domain: string, email: string) => string[];
  stepTimeoutMs?: number;
}

type StepResult<T> = { value: T | null; step: DiscoveryStep };

async function timed<T>(
  step: DiscoverySource,
  ms: number,
  work: () => Promise<T | null>,
): Promise<StepResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), ms);
  });
  try {
    const value = await Promise.race([work(), timeout]);
    return { value, step: { step, result: value ? "found" : "none" } };
  } catch {
    return { value: null, step: { step, result: "failed" } };
  } finally {
    clearTimeout(timer);
  }
}

function presetDiscovery(email: string, domain: string, protocol: MailProtocol): Discovery | null {
  const provider = findProvider(domain);
  const preset = provider?.[protocol];
  if (!provider || !preset) return null;
  const type = provider.serverType ?? { value: "basic", required: false };
  return {
    email,
    domain,
    protocol,
    provider: provider.id,
    name: provider.name,
    ...preset,
    serverType: type.value,
    serverTypeRequired: type.required,
    note: provider.note?.es ?? null,
    origin: { host: "preset", port: "preset", security: "preset", serverType: "preset" },
    steps: [{ step: "preset", result: "found" }],
  };
}

function combine(
  base: Pick<Discovery, "email" | "domain" | "protocol">,
  found: { server: FoundServer; source: DiscoverySource } | null,
  mx: MxProvider | null,
  steps: DiscoveryStep[],
): Discovery {
  const serverType: ServerType = mx?.serverType ?? "basic";
  const source = found?.source ?? null;
  return {
    ...base,
    provider: mx?.id ?? null,
    name: mx?.name ?? null,
    host: found?.server.host ?? null,
    port: found?.server.port ?? null,
    security: found?.server.security ?? null,
    serverType,
    serverTypeRequired: mx?.serverTypeRequired ?? false,
    note: null,
    origin: { host: source, port: source, security: source, serverType: mx ? "mx" : null },
    steps,
  };
}

export async function discoverServer(
  email: string,
  protocol: MailProtocol,
  deps: DiscoveryDeps,
): Promise<Discovery | null> {
  const domain = domainOf(email);
  if (!domain) return null;
  const preset = presetDiscovery(email, domain, protocol);
  if (preset || !deps.resolver) return preset;

  const ms = deps.stepTimeoutMs ?? STEP_TIMEOUT_MS;
  const resolver = deps.resolver;
  const urls = (deps.autoconfigUrls ?? autoconfigUrls)(domain, email);
  const policy = {
    allowPrivateHosts: deps.allowPrivateHosts,
    lookupHost: deps.lookupHost,
    timeoutMs: ms,
  };
  const [autoconfig, srv, mx] = await Promise.all([
    timed("autoconfig", ms, () => fetchAutoconfig(urls, protocol, email, domain, policy)),
    timed("srv", ms, () => lookupSrv(resolver, domain, protocol)),
    timed("mx", ms, async () => findMxProvider(await lookupMx(resolver, domain))),
  ]);

  const mxServer = mx.value?.[protocol] ?? null;
  // The provider's own servers win for Microsoft 365 and Google: a stale autoconfig of the old
  // hosting must not send the user back to a password login.
  const found =
    mx.value?.serverTypeRequired && mxServer
      ? { server: mxServer, source: "mx" as const }
      : autoconfig.value
        ? { server: autoconfig.value, source: "autoconfig" as const }
        : srv.value
          ? { server: srv.value, source: "srv" as const }
          : mxServer
            ? { server: mxServer, source: "mx" as const }
            : null;
  const steps: DiscoveryStep[] = [
    { step: "preset", result: "none" },
    autoconfig.step,
    srv.step,
    mx.step,
  ];
  if (!found && !mx.value) return null;
  return combine({ email, domain, protocol }, found, mx.value, steps);
}

/** True when the domain's MX points at Microsoft 365: passwords will not work there. */
export async function isMicrosoft365Domain(
  domain: string,
  resolver: MailResolver,
  ms = STEP_TIMEOUT_MS,
) {
  const mx = await timed("mx", ms, async () => findMxProvider(await lookupMx(resolver, domain)));
  return mx.value?.id === "microsoft365";
}
