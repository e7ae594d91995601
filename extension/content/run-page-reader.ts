/**
 * What both page readers do on a provider page: watch it, highlight each value found, and tell
 * the background (which paints the toolbar and hands the values to the popup).
 */
import { browser } from "wxt/browser";
import {
  providerNote,
  summarize,
  type PageSettings,
  type TextLeaf,
} from "../../shared/settings-page/index.ts";
import type { BuzonMessage } from "../messages.ts";
import { createHighlighter } from "./highlights.ts";
import { watchSettingsPage, type PageWatch } from "./watch-page.ts";

const send = (message: BuzonMessage) => browser.runtime.sendMessage(message).catch(() => {});

export function runPageReader(
  win: Window,
  isSettingsPage: (url: string) => boolean,
  read: (url: string, leaves: TextLeaf<Element>[]) => PageSettings<Element> | null,
): PageWatch {
  const highlighter = createHighlighter(win.document);

  return watchSettingsPage({
    win,
    isSettingsPage,
    read,
    onFound(settings, changed) {
      const elements = [...new Set(settings.found.map((f) => f.ref))];
      highlighter.show(elements, providerNote(settings.provider));
      if (changed)
        void send({ type: "settings-found", settings: summarize(settings, win.location.href) });
    },
    onCleared() {
      highlighter.clear();
      void send({ type: "settings-cleared" });
    },
  });
}
