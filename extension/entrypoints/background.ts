/** Wires browser events to the status poller and the per-tab settings store. */
import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { isBuzonMessage, type BuzonMessage } from "../messages.ts";
import { connectionItem } from "../storage.ts";
import { POLL_ALARM, markFailuresSeen, refreshStatus } from "../background/status-poller.ts";
import { forgetSettings, rememberSettings } from "../background/tab-settings.ts";

async function handle(message: BuzonMessage, tabId: number | undefined): Promise<unknown> {
  if (message.type === "settings-found" && tabId !== undefined) {
    return rememberSettings(tabId, message.settings);
  }
  if (message.type === "settings-cleared" && tabId !== undefined) return forgetSettings(tabId);
  if (message.type === "refresh-status") return refreshStatus();
  if (message.type === "failures-opened") return markFailuresSeen();
}

export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!isBuzonMessage(message)) return false;
    handle(message, sender.tab?.id).then(
      () => sendResponse({ ok: true }),
      (error: unknown) => sendResponse({ ok: false, error: String(error) }),
    );
    return true;
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM) void refreshStatus();
  });
  browser.tabs.onRemoved.addListener((tabId) => void forgetSettings(tabId));
  connectionItem.watch(() => void refreshStatus());

  browser.runtime.onInstalled.addListener(async ({ reason }) => {
    if (reason === "install" && !(await connectionItem.getValue())) {
      await browser.runtime.openOptionsPage();
    }
  });
  void refreshStatus();
});
