/** Builds both browser targets once, as `npm run build:ext` does, bounded in time. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const CHROME_BUILD = `${ROOT}.output/chrome-mv3`;
export const FIREFOX_BUILD = `${ROOT}.output/firefox-mv2`;

/** A cold WXT build takes about 8 s here; two minutes leaves room for a slow CI machine. */
const BUILD_TIMEOUT_MS = 120_000;

export function buildExtension(): void {
  for (const args of [["build"], ["build", "-b", "firefox"]]) {
    const result = spawnSync(`${ROOT}node_modules/.bin/wxt`, args, {
      cwd: ROOT,
      timeout: BUILD_TIMEOUT_MS,
      encoding: "utf8",
      env: { ...process.env, CI: "true" },
    });
    if (result.status !== 0) {
      throw new Error(`wxt ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
    }
  }
}
