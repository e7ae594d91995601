/** Typed extension storage: the API connection, the last status poll and values found per tab. */
import { defineItem } from "./storage-item.ts";
import type { CompanyView, StatusView } from "../shared/api-types.ts";
import type { DetectedSettings } from "../shared/settings-page/index.ts";
import type { PendingFlow } from "./components/oauth-sign-in.tsx";

export const DEFAULT_API_URL = "http://127.0.0.1:8787";

export interface Connection {
  /** Origin (and optional base path) of the Buzón API, without a trailing slash. */
  apiUrl: string;
  token: string;
  company: CompanyView | null;
}

export const connectionItem = defineItem<Connection | null>("local:connection", {
  fallback: null,
});

export interface StatusSnapshot {
  checkedAt: string;
  status: StatusView | null;
  /** Why the last poll failed: the API could not be reached or refused the token. */
  error: { code: string; message: string } | null;
}

export const statusItem = defineItem<StatusSnapshot | null>("local:status", {
  fallback: null,
});

/** Kept in session storage: a service worker that sleeps must still know what each tab showed. */
export const detectedItem = defineItem<Record<string, DetectedSettings>>("session:detected", {
  fallback: {},
});

/** An OAuth sign-in started from the popup: opening the provider's tab closes the popup. */
export const pendingSignInItem = defineItem<PendingFlow | null>("session:oauthSignIn", {
  fallback: null,
});
