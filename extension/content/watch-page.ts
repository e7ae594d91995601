/**
 * Follows a single-page app's settings page: reads it once the settings have rendered, again
 * after each change (debounced), and stops observing when the address leaves the page. The
 * address is checked on a timer because SPA navigation fires no event a content script can hear.
 */
import type { PageSettings, TextLeaf } from "../../shared/settings-page/index.ts";
import { collectLeaves } from "../../shared/settings-page/collect-leaves.ts";

/**
 * Mutations come in bursts while the settings render; one scan after 20 ms of quiet reads the
 * finished block. A scan is cheap (text leaves only), so the wait only has to outlast one frame.
 */
const SETTLE_MS = 20;
const URL_CHECK_MS = 1000;

export interface WatchOptions {
  win: Window;
  /** Whether this address is a page to read. */
  isSettingsPage(url: string): boolean;
  read(url: string, leaves: TextLeaf<Element>[]): PageSettings<Element> | null;
  /** Called after every read that found values; `changed` when they differ from the last. */
  onFound(settings: PageSettings<Element>, changed: boolean): void;
  /** The page was left, or no longer shows values. */
  onCleared(): void;
}

export interface PageWatch {
  stop(): void;
  /** Whether a MutationObserver is connected now (for tests). */
  readonly observing: boolean;
}

export function watchSettingsPage(options: WatchOptions): PageWatch {
  const { win } = options;
  let observer: MutationObserver | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastUrl = "";
  let lastKey: string | null = null;

  const scan = () => {
    const settings = options.read(win.location.href, collectLeaves(win.document.body));
    const key = settings ? JSON.stringify({ ...settings, found: settings.found.length }) : null;
    if (settings) options.onFound(settings, key !== lastKey);
    else if (lastKey !== null) options.onCleared();
    lastKey = key;
  };
  const scheduleScan = () => {
    clearTimeout(timer);
    timer = setTimeout(scan, SETTLE_MS);
  };

  const connect = () => {
    const Observer = (win as Window & typeof globalThis).MutationObserver;
    observer = new Observer(scheduleScan);
    const watched = { childList: true, subtree: true, characterData: true, attributes: true };
    observer!.observe(win.document.body, {
      ...watched,
      attributeFilter: ["aria-checked", "checked"],
    });
    scan();
  };
  const disconnect = () => {
    observer?.disconnect();
    observer = null;
    clearTimeout(timer);
    if (lastKey !== null) options.onCleared();
    lastKey = null;
  };

  const checkUrl = () => {
    const url = win.location.href;
    if (url === lastUrl) return;
    lastUrl = url;
    const wanted = options.isSettingsPage(url);
    if (wanted && !observer) connect();
    else if (!wanted && observer) disconnect();
    else if (wanted) scheduleScan();
  };

  checkUrl();
  const interval = setInterval(checkUrl, URL_CHECK_MS);
  return {
    stop() {
      clearInterval(interval);
      disconnect();
    },
    get observing() {
      return observer !== null;
    },
  };
}
