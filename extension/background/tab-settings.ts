/** Values found on provider settings pages, per tab, kept until the tab leaves the page. */
import type { DetectedSettings } from "../../shared/settings-page/index.ts";
import { detectedItem } from "../storage.ts";
import { paintBadges, toolbarAction } from "./status-poller.ts";

export async function rememberSettings(tabId: number, settings: DetectedSettings): Promise<void> {
  const detected = await detectedItem.getValue();
  await detectedItem.setValue({ ...detected, [tabId]: settings });
  await paintBadges();
}

export async function forgetSettings(tabId: number): Promise<void> {
  const detected = await detectedItem.getValue();
  if (!(tabId in detected)) return;

  const { [tabId]: _gone, ...rest } = detected;
  await detectedItem.setValue(rest);
  // A tab-specific badge would otherwise outlive the page: clear it back to the global one.
  await toolbarAction()
    .setBadgeText({ text: null as unknown as string, tabId })
    .catch(() => {});
  await toolbarAction()
    .setTitle({ title: null as unknown as string, tabId })
    .catch(() => {});
  await paintBadges();
}
