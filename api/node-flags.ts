/**
 * The flags every Node process of ours starts with, the same ones `npm start` and `npm run buzon`
 * use (package.json; keep both lists alike). Child processes started by the benchmark and the
 * tests use this list so that they measure and test the host as it runs.
 *
 * - `--max-semi-space-size=8`: V8 sizes the young generation from the heap limit, which on a
 *   machine with plenty of memory lets it reach about 100 MB before a scavenge frees anything.
 *   Measured here (10,000 e-mails with a 25 MB one, IMAP): peak RSS 391 MB by default, 315–325
 *   with 16 MB, 281–289 with 8 MB, at the same e-mails per second within run-to-run noise.
 * - tsx runs our TypeScript.
 * - the package-type cache keeps Node 22+ from re-parsing big "exports" fields for each file it
 *   loads (see api/package-type-cache.mjs): 229 MB → 141 MB before the first e-mail.
 */
import { fileURLToPath } from "node:url";

export const PACKAGE_TYPE_CACHE = fileURLToPath(
  new URL("./package-type-cache.mjs", import.meta.url),
);

export const NODE_HOST_FLAGS: readonly string[] = [
  "--max-semi-space-size=8",
  "--import",
  "tsx",
  "--import",
  PACKAGE_TYPE_CACHE,
];
