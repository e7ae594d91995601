/** Messages between the content scripts, the popup, the dashboard and the background. */
import type { DetectedSettings } from "../shared/settings-page/index.ts";

export type BuzonMessage =
  /** A content script found values on its tab (or they changed). */
  | { type: "settings-found"; settings: DetectedSettings }
  /** The tab left the settings page. */
  | { type: "settings-cleared" }
  /** Poll /status now (after a save, a run, or a new connection). */
  | { type: "refresh-status" }
  /** The failures list was opened: mark them seen and clear the badge. */
  | { type: "failures-opened" };

export function isBuzonMessage(value: unknown): value is BuzonMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return (
    typeof type === "string" &&
    ["settings-found", "settings-cleared", "refresh-status", "failures-opened"].includes(type)
  );
}
