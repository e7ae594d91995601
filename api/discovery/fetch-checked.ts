/**
 * A small GET for files a domain publishes about itself (autoconfig). The host is resolved once
 * and checked by the host policy, and the connection goes to that checked address (TLS still
 * verifies the name): a domain cannot point Buzón at its own network or a metadata address.
 * No redirects, a size cap and a timeout.
 */
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { BuzonError } from "../lib/errors.ts";
import { resolveMailHost, type LookupHost } from "../security/host-policy.ts";

export interface FetchPolicy {
  allowPrivateHosts: boolean;
  lookupHost?: LookupHost;
  timeoutMs: number;
  maxBytes: number;
}

export async function fetchChecked(url: string, policy: FetchPolicy): Promise<string | null> {
  const target = new URL(url);
  const hostname = target.hostname.replace(/^\[(.*)\]$/, "$1");
  const { address } = await resolveMailHost(hostname, policy.allowPrivateHosts, policy.lookupHost);
  const lookup: LookupFunction = (_name, options, callback) => {
    const family = isIP(address);
    if ((options as { all?: boolean }).all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = target.protocol === "https:" ? https : http;

  return new Promise((resolve, reject) => {
    const request = client.get(target, { lookup, timeout: policy.timeoutMs }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return resolve(null);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > policy.maxBytes) {
          request.destroy();
          return reject(new BuzonError("LIMIT"));
        }
        chunks.push(chunk);
      });
      res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      res.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new BuzonError("TIMEOUT")));
    request.on("error", reject);
  });
}
