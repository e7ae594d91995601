/**
 * The background's work: poll /api/v1/status, keep the last answer, paint the badge (globally and
 * on tabs where settings were found) and choose the next poll's interval.
 */
import { browser } from "wxt/browser";
import { ApiError, createApiClient } from "../api-client.ts";
import { connectionItem, detectedItem, statusItem, type StatusSnapshot } from "../storage.ts";
import { badgeFor, pollMinutesFor, tabBadgeFor, type Badge } from "./badge.ts";

export const POLL_ALARM = "poll-status";

function errorOf(error: unknown): StatusSnapshot["error"] {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: "INTERNAL", message: "No se pudo leer el estado de Buzón." };
}

/** Asks the API for the status and records the answer or the reason it failed. */
export async function pollStatus(): Promise<StatusSnapshot | null> {
  const connection = await connectionItem.getValue();
  if (!connection) {
    await statusItem.setValue(null);
    return null;
  }

  const checkedAt = new Date().toISOString();
  let snapshot: StatusSnapshot;
  try {
    const status = await createApiClient(connection.apiUrl, connection.token).status();
    snapshot = { checkedAt, status, error: null };
  } catch (error) {
    snapshot = { checkedAt, status: null, error: errorOf(error) };
  }
  await statusItem.setValue(snapshot);
  return snapshot;
}

/** Firefox's MV2 build has browserAction where Chrome's MV3 has action. */
export const toolbarAction = () => browser.action ?? browser.browserAction;

async function paint(badge: Badge, tabId?: number): Promise<void> {
  const action = toolbarAction();
  await action.setBadgeText({ text: badge.text, tabId });
  await action.setBadgeBackgroundColor({ color: badge.color, tabId });
  await action.setTitle({ title: badge.title, tabId });
}

/** The global badge, then each tab that showed settings, from what storage holds now. */
export async function paintBadges(): Promise<void> {
  const badge = badgeFor(await statusItem.getValue());
  await paint(badge);

  const detected = await detectedItem.getValue();
  for (const tabId of Object.keys(detected)) {
    await paint(tabBadgeFor(badge), Number(tabId)).catch(() => undefined);
  }
}

/** Re-arms the alarm when the interval the status calls for has changed. */
export async function schedulePolls(snapshot: StatusSnapshot | null): Promise<void> {
  const minutes = pollMinutesFor(snapshot);
  const alarm = await browser.alarms.get(POLL_ALARM);
  if (alarm?.periodInMinutes === minutes) return;
  await browser.alarms.create(POLL_ALARM, { periodInMinutes: minutes, delayInMinutes: minutes });
}

export async function refreshStatus(): Promise<void> {
  const snapshot = await pollStatus();
  await paintBadges();
  await schedulePolls(snapshot);
}

/** The failures list is open: mark them seen on the API, then clear the count at once. */
export async function markFailuresSeen(): Promise<void> {
  const connection = await connectionItem.getValue();
  if (!connection) return;
  await createApiClient(connection.apiUrl, connection.token).markSeen();
  await refreshStatus();
}
