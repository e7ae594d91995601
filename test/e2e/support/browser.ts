/**
 * Debian's Chromium, headless, with the built extension loaded, and no way out to the network:
 * every host name but localhost resolves to nothing, and each page's requests are answered from
 * the project's fixtures or refused.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, {
  type Browser,
  type Extension,
  type HTTPRequest,
  type Page,
} from "puppeteer-core";

export const CHROMIUM = "/usr/bin/chromium";
export const ARTIFACTS = join(process.cwd(), "test-artifacts", "e2e");

export interface TestBrowser {
  browser: Browser;
  extension: Extension;
  pid: number | undefined;
  close(): Promise<void>;
}

export async function launchBrowser(extensionDir: string): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "buzon-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    // A DevTools command that never answers fails with its method's name well inside a test's
    // time, instead of the test timing out with no clue (puppeteer's default is 180 s).
    protocolTimeout: 40_000,
    enableExtensions: [extensionDir],
    defaultViewport: { width: 1200, height: 850 },
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      `--user-data-dir=${profile}`,
      // Belt and braces: nothing but loopback can even be resolved.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ],
  });
  const pid = browser.process()?.pid;
  await browser.waitForTarget(
    (t) => t.type() === "service_worker" && t.url().startsWith("chrome-extension://"),
  );
  const extension = [...(await browser.extensions()).values()].find((e) => e.name === "Buzón");
  if (!extension) throw new Error("The Buzón extension did not load");
  // On install the background opens the options page (no API connection yet). That tab takes the
  // foreground whenever it comes, and headless Chromium renders no frames for a background tab:
  // a click (its IntersectionObserver) in the tab a test opened just before then never answers.
  // Wait for it and close it, so every tab a test opens stays in front.
  const optionsTab = await browser.waitForTarget(
    (t) => t.type() === "page" && t.url() === `chrome-extension://${extension.id}/options.html`,
    { timeout: 30_000 },
  );
  await (await optionsTab.asPage())?.close();

  return {
    browser,
    extension,
    pid,
    async close() {
      await browser.close().catch(() => {
        if (pid) process.kill(pid, "SIGKILL");
      });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A new tab, brought to the front: headless Chromium runs no frames for a background tab. */
export async function openTab(test: TestBrowser): Promise<Page> {
  const page = await test.browser.newPage();
  await page.bringToFront();
  return page;
}

/** Serves the given pages by URL prefix from fixture files; refuses every other request. */
export async function servePages(page: Page, pages: Record<string, string>): Promise<void> {
  await page.setRequestInterception(true);
  page.on("request", (request: HTTPRequest) => {
    const url = request.url();
    const fixture = Object.entries(pages).find(([prefix]) => url.startsWith(prefix))?.[1];
    if (fixture) {
      void request.respond({
        status: 200,
        contentType: "text/html; charset=utf-8",
        body: readFileSync(fixture),
      });
    } else if (url.startsWith("chrome-extension://")) {
      void request.continue();
    } else {
      void request.abort("blockedbyclient");
    }
  });
}

/** Keeps a screenshot of each step in test-artifacts/e2e/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Runs code in the extension's service worker (badge, tabs). */
export async function inWorker<T>(test: TestBrowser, fn: () => Promise<T>): Promise<T> {
  const target = await test.browser.waitForTarget(
    (t) =>
      t.type() === "service_worker" &&
      t.url().startsWith(`chrome-extension://${test.extension.id}/`),
  );
  const worker = await target.worker();
  return worker!.evaluate(fn) as Promise<T>;
}

/** Visible text of the page, for assertions that read like what a user sees. */
export const textOf = (page: Page) => page.evaluate(() => document.body.innerText);

export async function waitForText(page: Page, text: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (t) => document.body.innerText.includes(t),
    { polling: 50, timeout },
    text,
  );
}
