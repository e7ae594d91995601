/**
 * Faults the test OAuth provider plays on request (`/_test/fault`): for one client id, its token
 * or device-code endpoint answers a given HTTP status, with an RFC 6749 §5.2 error
 * (`unauthorized_client`…) or, without one, a bare HTML page, as a gateway in front of the
 * provider answers during an outage.
 */
import type { ServerResponse } from "node:http";

export type FaultEndpoint = "token" | "devicecode";

interface Fault {
  status: number;
  /** RFC 6749 §5.2 error code; none: a non-JSON page. */
  error: string | null;
}

/** Keyed by client id, so parallel test files that each use their own never meet. */
export class ProviderFaults {
  readonly #faults = new Map<string, Fault>();

  /** Status 0 (or none) clears the fault. */
  set(form: URLSearchParams): void {
    const key = `${form.get("endpoint")} ${form.get("clientId") ?? ""}`;
    const status = Number(form.get("status") ?? 0);
    if (status > 0) this.#faults.set(key, { status, error: form.get("error") || null });
    else this.#faults.delete(key);
  }

  /** Answers the fault set for this endpoint and the request's client, if any; true when it did. */
  answer(endpoint: FaultEndpoint, form: URLSearchParams, res: ServerResponse): boolean {
    const fault = this.#faults.get(`${endpoint} ${form.get("client_id") ?? ""}`);
    if (!fault) return false;
    const json = fault.error !== null;
    res.writeHead(fault.status, {
      "content-type": json ? "application/json" : "text/html",
      "cache-control": "no-store",
    });
    res.end(
      json
        ? JSON.stringify({ error: fault.error, error_description: `test provider: ${fault.error}` })
        : "<html><body><h1>Service Unavailable</h1></body></html>",
    );
    return true;
  }
}
