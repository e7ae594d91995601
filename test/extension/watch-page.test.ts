// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://outlook.live.com/"}
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  isOutlookSettingsUrl,
  readOutlookSettings,
  type PageSettings,
} from "../../shared/settings-page/index.ts";
import { watchSettingsPage, type PageWatch } from "../../extension/content/watch-page.ts";

const SETTINGS_URL = "https://outlook.live.com/mail/0/options/mail/popImap";
let watch: PageWatch | undefined;

afterEach(() => {
  watch?.stop();
  document.body.innerHTML = "";
});

function start(onFound = vi.fn(), onCleared = vi.fn()) {
  watch = watchSettingsPage({
    win: window as unknown as Window,
    isSettingsPage: isOutlookSettingsUrl,
    read: (_url, leaves) => readOutlookSettings(leaves),
    onFound,
    onCleared,
  });
  return { onFound, onCleared };
}

const lastFound = (spy: ReturnType<typeof vi.fn>) =>
  spy.mock.calls.at(-1)?.[0] as PageSettings<Element> | undefined;

describe("watchSettingsPage", () => {
  it("reads the settings once the app renders them, and again when they change", async () => {
    history.replaceState(null, "", SETTINGS_URL);
    document.body.innerHTML = "<div>Loading…</div>";
    const { onFound } = start();
    expect(onFound).not.toHaveBeenCalled();

    document.body.innerHTML = "<h3>IMAP setting</h3><div>Server name: outlook.office365.com</div>";
    await vi.waitFor(() => expect(lastFound(onFound)?.imap?.host).toBe("outlook.office365.com"));

    document.body.insertAdjacentHTML("beforeend", "<div>Port: 993</div>");
    await vi.waitFor(() => expect(lastFound(onFound)?.imap?.port).toBe(993));
    expect(watch?.observing).toBe(true);
  });

  it("stops observing when the single-page app leaves the settings page", async () => {
    history.replaceState(null, "", SETTINGS_URL);
    document.body.innerHTML = "<h3>IMAP setting</h3><div>Port: 993</div>";
    const { onFound, onCleared } = start();
    await vi.waitFor(() => expect(onFound).toHaveBeenCalled());

    history.pushState(null, "", "https://outlook.live.com/mail/0/inbox");
    await vi.waitFor(() => expect(watch?.observing).toBe(false), { timeout: 2_500 });
    expect(onCleared).toHaveBeenCalled();
  });
});
