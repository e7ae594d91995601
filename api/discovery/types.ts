/** What discovery finds, and where each value came from. */
import type { MailProtocol, MailSecurity } from "../../shared/providers.ts";
import type { ServerType } from "../../shared/reception-config.ts";

/** preset: Buzón's bundled list; autoconfig: the domain's own file; srv: RFC 6186; mx: the MX. */
export type DiscoverySource = "preset" | "autoconfig" | "srv" | "mx";

export interface FoundServer {
  host: string;
  port: number;
  security: MailSecurity;
}

export interface DiscoveryStep {
  step: DiscoverySource;
  /** found: gave a value; none: answered, nothing useful; failed: error or timeout; skipped. */
  result: "found" | "none" | "failed" | "skipped";
}

export interface Discovery {
  email: string;
  domain: string;
  protocol: MailProtocol;
  provider: string | null;
  name: string | null;
  host: string | null;
  port: number | null;
  security: MailSecurity | null;
  /** The sign-in the provider takes; `serverTypeRequired`: nothing else works there. */
  serverType: ServerType;
  serverTypeRequired: boolean;
  note: string | null;
  /** Where each value came from: the form marks them as suggested. */
  origin: {
    host: DiscoverySource | null;
    port: DiscoverySource | null;
    security: DiscoverySource | null;
    serverType: DiscoverySource | null;
  };
  steps: DiscoveryStep[];
}
