/** The tab the popup was opened over, and what its page showed. */
import { browser } from "wxt/browser";
import type { DetectedSettings } from "../shared/settings-page/index.ts";
import { detectedItem } from "./storage.ts";

/** How long the popup waits for a reader it injected to report the page's values. */
const INJECTED_READER_WAIT_MS = 1500;

export async function activeTabId(): Promise<number | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/**
 * Values found on the tab: from the Outlook content script when it ran, otherwise by injecting the
 * page reader once (activeTab grants it for this click only, e.g. on a cPanel page).
 */
export async function findTabSettings(tabId: number): Promise<DetectedSettings | null> {
  const known = (await detectedItem.getValue())[tabId];
  if (known) return known;

  // Watching starts before the injection: the reader may report before executeScript resolves.
  const reported = waitForSettings(tabId, INJECTED_READER_WAIT_MS);
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: ["/page-reader.js"] });
  } catch (error) {
    // Browser pages, the extension's own pages and tabs without activeTab cannot be read.
    console.info("Buzón: page not readable", error);
  }
  return (await detectedItem.getValue())[tabId] ?? reported;
}

function waitForSettings(tabId: number, ms: number): Promise<DetectedSettings | null> {
  return new Promise((resolve) => {
    const stop = detectedItem.watch((all) => {
      if (all[tabId]) done(all[tabId]);
    });
    const timer = setTimeout(() => done(null), ms);
    function done(value: DetectedSettings | null) {
      clearTimeout(timer);
      stop();
      resolve(value);
    }
  });
}

/** An extension page's address (WXT types getURL for its generated paths only). */
export function extensionUrl(path: string): string {
  const runtime = browser.runtime as unknown as { getURL(path: string): string };
  return runtime.getURL(path);
}

export function openDashboard(view: "documents" | "failed"): void {
  void browser.tabs.create({ url: extensionUrl(`/dashboard.html#${view}`) });
}
