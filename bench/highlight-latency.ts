/**
 * From the settings block's render to Buzón's highlight, in Chromium with the built extension:
 * the e2e fixture page for Outlook (it renders the settings 400 ms after load) is served by
 * request interception, and two observers in the page stamp performance.now() when the settings
 * appear and when the highlight overlay holds its first box.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CHROMIUM, launchBrowser, openTab, servePages } from "../test/e2e/support/browser.ts";
import { CHROME_BUILD, ROOT } from "./extension-size.ts";

const OUTLOOK_URL = "https://outlook.live.com/mail/0/options/mail/popImap";
const FIXTURE = join(ROOT, "test", "e2e", "pages", "outlook-sync-email.html");
const WAIT_MS = 10_000;

declare global {
  interface Window {
    buzonBench?: { renderedAt?: number; highlightedAt?: number };
  }
}

/** Runs in the page before its own scripts; the overlay's boxes are drawn in the same task. */
function stampTimes() {
  const marks: { renderedAt?: number; highlightedAt?: number } = {};
  window.buzonBench = marks;
  new MutationObserver(() => {
    const now = performance.now();
    if (marks.renderedAt === undefined && document.querySelector("#root h2"))
      marks.renderedAt = now;
    const overlay = document.querySelector("buzon-highlights")?.shadowRoot;
    if (marks.highlightedAt === undefined && overlay?.querySelector(".box")) {
      marks.highlightedAt = now;
    }
  }).observe(document, { childList: true, subtree: true });
}

export async function measureHighlightLatency(loads: number): Promise<number[]> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  const test = await launchBrowser(CHROME_BUILD);
  try {
    const latencies: number[] = [];
    for (let i = 0; i < loads; i += 1) {
      const page = await openTab(test);
      await servePages(page, { "https://outlook.live.com/": FIXTURE });
      await page.evaluateOnNewDocument(stampTimes);
      await page.goto(OUTLOOK_URL);
      await page.waitForFunction(() => window.buzonBench?.highlightedAt !== undefined, {
        polling: 50,
        timeout: WAIT_MS,
      });
      const marks = await page.evaluate(() => window.buzonBench!);
      latencies.push(marks.highlightedAt! - marks.renderedAt!);
      await page.close();
    }
    return latencies;
  } finally {
    await test.close();
  }
}
