/**
 * The extension's built sizes: `npm run build:ext`, then each entry of .output/chrome-mv3 with
 * every file its HTML page loads (scripts, preloaded chunks, styles), raw and gzip (each file
 * gzipped on its own, level 9).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export const ROOT = join(import.meta.dirname, "..");
export const CHROME_BUILD = join(ROOT, ".output", "chrome-mv3");

/** A cold WXT build of both targets takes about 20 s here. */
const BUILD_TIMEOUT_MS = 240_000;

export interface EntrySize {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

export function buildExtension(): number {
  const started = performance.now();
  const result = spawnSync("npm", ["run", "build:ext"], {
    cwd: ROOT,
    timeout: BUILD_TIMEOUT_MS,
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
  });
  if (result.status !== 0) {
    throw new Error(`npm run build:ext failed:\n${(result.stdout + result.stderr).slice(-3_000)}`);
  }
  return performance.now() - started;
}

/** The HTML page and every file it references by src or href (paths from the build root). */
function pageFiles(page: string): string[] {
  const html = readFileSync(join(CHROME_BUILD, page), "utf8");
  const refs = [...html.matchAll(/(?:src|href)="\/?([^"]+)"/g)].map((m) => m[1]!);
  return [page, ...refs];
}

function measure(files: string[]): EntrySize {
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const bytes = readFileSync(join(CHROME_BUILD, file));
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, rawBytes, gzipBytes };
}

export function measureExtensionSizes(): Record<string, EntrySize> {
  const manifest = JSON.parse(readFileSync(join(CHROME_BUILD, "manifest.json"), "utf8"));
  const contentScripts: string[] = manifest.content_scripts.flatMap(
    (entry: { js?: string[]; css?: string[] }) => [...(entry.js ?? []), ...(entry.css ?? [])],
  );
  return {
    popup: measure(pageFiles(manifest.action.default_popup)),
    contentScript: measure([...new Set(contentScripts)]),
    background: measure([manifest.background.service_worker]),
    pageReader: measure(["page-reader.js"]),
  };
}
