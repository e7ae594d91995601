/**
 * Injected by the popup into the active tab (activeTab, no standing host access) to read a cPanel
 * "Connect Devices" page, or any page the Outlook content script does not cover.
 */
import { defineUnlistedScript } from "wxt/utils/define-unlisted-script";
import { readSettingsPage } from "../../shared/settings-page/index.ts";
import { runPageReader } from "../content/run-page-reader.ts";

const MARK = "__buzonPageReader";

export default defineUnlistedScript(() => {
  const global = window as unknown as Record<string, unknown>;
  if (global[MARK]) return;
  global[MARK] = true;
  runPageReader(window, () => true, readSettingsPage);
});
