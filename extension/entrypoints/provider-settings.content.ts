/** Outlook on the web's mail options (Sync email / POP and IMAP): highlight and report values. */
import { defineContentScript } from "wxt/utils/define-content-script";
import { isOutlookSettingsUrl, readOutlookSettings } from "../../shared/settings-page/index.ts";
import { runPageReader } from "../content/run-page-reader.ts";

export default defineContentScript({
  matches: [
    "https://outlook.live.com/*",
    "https://outlook.office.com/*",
    "https://outlook.office365.com/*",
    "https://outlook.cloud.microsoft/*",
  ],
  runAt: "document_idle",
  main(ctx) {
    const watch = runPageReader(window, isOutlookSettingsUrl, (_url, leaves) =>
      readOutlookSettings(leaves),
    );
    ctx.onInvalidated(() => watch.stop());
  },
});
