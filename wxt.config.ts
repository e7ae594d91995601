import preact from "@preact/preset-vite";
import { defineConfig } from "wxt";

const API_ORIGINS = ["http://*/*", "https://*/*"];

export default defineConfig({
  srcDir: "extension",
  publicDir: "extension/public",
  outDir: ".output",
  imports: false,
  // Two copies of vite's types (wxt's and the root's) disagree on plugin types; the plugin is fine.
  vite: () => ({ plugins: [preact()] as never }),
  manifest: ({ browser }) => ({
    name: "__MSG_extName__",
    description: "__MSG_extDescription__",
    default_locale: "es",
    permissions: ["storage", "alarms", "activeTab", "scripting"],
    // Only the API origin the user types is asked for, at that moment (options page). Firefox's
    // MV2 build takes them as optional permissions.
    ...(browser === "firefox"
      ? { optional_permissions: API_ORIGINS }
      : { optional_host_permissions: API_ORIGINS }),
    ...(browser === "firefox" && {
      browser_specific_settings: {
        gecko: {
          id: "buzon@buzon.local",
          // The mailbox settings go to the company's own Buzón API, never to the extension's authors.
          data_collection_permissions: { required: ["none"] },
        },
      },
    }),
  }),
});
