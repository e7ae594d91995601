/**
 * The package-type cache must resolve exactly as Node does: each case is imported in a child
 * Node, once with the hook and once without, and both must load the same files in the same
 * format or fail with the same error code.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { registerHooks } from "node:module";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_TYPE_CACHE } from "./node-flags.ts";

let root: string;

function write(path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "buzon-ptc-"));
  write("package.json", JSON.stringify({ type: "module" }));
  // ES module package: a big "exports" and relative imports, also up a folder and through a link.
  const exportsField = Object.fromEntries(
    Array.from({ length: 500 }, (_, i) => [`./m${i}`, { import: `./m${i}.js` }]),
  );
  exportsField["."] = { import: "./index.js" };
  write(
    "node_modules/esm-pkg/package.json",
    JSON.stringify({ name: "esm-pkg", type: "module", exports: exportsField }),
  );
  write(
    "node_modules/esm-pkg/index.js",
    'import { b } from "./lib/b.js"; export const a = "a" + b;',
  );
  write(
    "node_modules/esm-pkg/lib/b.js",
    'import { c } from "../c.js"; import { d } from "./linked.js"; export const b = "b" + c + d;',
  );
  write("node_modules/esm-pkg/c.js", 'export const c = "c";');
  write("node_modules/esm-pkg/real/d.js", 'export const d = "d";');
  symlinkSync(
    join(root, "node_modules/esm-pkg/real/d.js"),
    join(root, "node_modules/esm-pkg/lib/linked.js"),
  );
  // A folder with its own package.json saying "commonjs" inside the ES module package.
  write("node_modules/esm-pkg/cjs/package.json", JSON.stringify({ type: "commonjs" }));
  write("node_modules/esm-pkg/cjs/e.js", 'module.exports = { e: "e" };');
  write("node_modules/esm-pkg/uses-cjs.js", 'import m from "./cjs/e.js"; export const e = m.e;');
  // Missing file and a folder named like a file: Node's own errors.
  write("node_modules/esm-pkg/missing.js", 'import "./nope.js";');
  mkdirSync(join(root, "node_modules/esm-pkg/dir.js"));
  write("node_modules/esm-pkg/dir-import.js", 'import "./dir.js";');
  // Left to Node: a query or hash (three modules, not one), an encoded backslash (refused), a
  // link whose target has another extension, and require() (a path, not a URL).
  write("node_modules/esm-pkg/qa.js", "globalThis.qaRuns = (globalThis.qaRuns ?? 0) + 1;");
  write(
    "node_modules/esm-pkg/query.js",
    'import "./qa.js"; import "./qa.js?v=.js"; import "./qa.js#x.js"; export const runs = globalThis.qaRuns;',
  );
  write("node_modules/esm-pkg/enc\\b.js", 'export const enc = "enc";');
  write("node_modules/esm-pkg/encoded.js", 'import "./enc%5Cb.js";');
  write("node_modules/esm-pkg/real/e.cjs", 'module.exports = { e: "cjs" };');
  symlinkSync(
    join(root, "node_modules/esm-pkg/real/e.cjs"),
    join(root, "node_modules/esm-pkg/link-cjs.js"),
  );
  write(
    "node_modules/esm-pkg/uses-link.js",
    'import m from "./link-cjs.js"; export const e = m.e;',
  );
  write("node_modules/esm-pkg/cjs/a#b.js", 'exports.v = "hash";');
  write("node_modules/esm-pkg/cjs/a", 'exports.v = "wrong file";');
  write("node_modules/esm-pkg/cjs/req.js", 'exports.v = require("./a#b.js").v;');
  // A file straight in node_modules has no package scope (the project's "module" is not its).
  write("node_modules/loose.js", 'exports.loose = "loose";');
  write(
    "node_modules/esm-pkg/uses-loose.js",
    'import l from "../loose.js"; export const x = l.loose;',
  );
  // No "type": Node decides by syntax (left to Node by the hook).
  write("node_modules/plain-pkg/package.json", JSON.stringify({ name: "plain-pkg" }));
  write("node_modules/plain-pkg/index.js", 'import { f } from "./f.js"; export default f;');
  write("node_modules/plain-pkg/f.js", 'export const f = "f";');
  write("node_modules/plain-pkg/g.js", 'exports.g = "g";');
  write("node_modules/plain-pkg/uses-g.js", 'import g from "./g.js"; export default g.g;');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Imports `target` in a child Node and reports the value or the error code. */
function load(target: string, withHook: boolean): string {
  const script = `
    try {
      const m = await import(${JSON.stringify(target)});
      console.log(JSON.stringify({ ok: Object.entries(m).map(([k, v]) => k + "=" + JSON.stringify(v)).sort() }));
    } catch (error) {
      console.log(JSON.stringify({ error: error.code ?? error.name }));
    }`;
  const file = join(root, "probe.mjs");
  writeFileSync(file, script);
  const flags = withHook ? ["--import", PACKAGE_TYPE_CACHE] : [];
  const out = spawnSync(process.execPath, [...flags, file], { encoding: "utf8", cwd: root });
  if (out.status !== 0) throw new Error(out.stderr);
  return out.stdout.trim();
}

describe("package-type cache", () => {
  const cases = [
    "esm-pkg",
    "esm-pkg/m7",
    "./node_modules/esm-pkg/uses-cjs.js",
    "./node_modules/esm-pkg/missing.js",
    "./node_modules/esm-pkg/dir-import.js",
    "./node_modules/plain-pkg/index.js",
    "./node_modules/plain-pkg/uses-g.js",
    "./node_modules/esm-pkg/uses-loose.js",
    "./node_modules/esm-pkg/query.js",
    "./node_modules/esm-pkg/encoded.js",
    "./node_modules/esm-pkg/uses-link.js",
    "./node_modules/esm-pkg/cjs/req.js",
  ];

  it.each(cases)("loads %s as Node does", (target) => {
    const withHook = load(target, true);
    expect(withHook).toBe(load(target, false));
  });

  it("loads the package's modules (the cases above are not all errors)", () => {
    expect(JSON.parse(load("esm-pkg", true))).toEqual({ ok: ['a="abcd"'] });
    expect(JSON.parse(load("./node_modules/esm-pkg/uses-cjs.js", true))).toEqual({
      ok: ['e="e"'],
    });
    expect(JSON.parse(load("./node_modules/esm-pkg/missing.js", true))).toEqual({
      error: "ERR_MODULE_NOT_FOUND",
    });
    expect(JSON.parse(load("./node_modules/esm-pkg/query.js", true))).toEqual({ ok: ["runs=3"] });
    expect(JSON.parse(load("./node_modules/esm-pkg/cjs/req.js", true)).ok).toContain('v="hash"');
  });

  // module.registerHooks arrived in Node 22.15; before it the hook stays out of the way.
  it.skipIf(typeof registerHooks !== "function")(
    "answers the relative imports inside the package itself",
    () => {
      const script = `
      await import("esm-pkg");
      const { answered } = await import(${JSON.stringify(pathToFileURL(PACKAGE_TYPE_CACHE).href)});
      console.log(answered.count);`;
      writeFileSync(join(root, "count.mjs"), script);
      const out = spawnSync(process.execPath, ["--import", PACKAGE_TYPE_CACHE, "count.mjs"], {
        encoding: "utf8",
        cwd: root,
      });
      // index.js → lib/b.js → ../c.js and ./linked.js; "esm-pkg" itself is a bare name: Node's.
      expect(out.stdout.trim()).toBe("3");
    },
  );

  it("gives a linked file one identity, as Node's real-path resolution does", () => {
    const script = `
      await import("esm-pkg");
      const viaLink = await import("./node_modules/esm-pkg/lib/linked.js");
      const direct = await import("./node_modules/esm-pkg/real/d.js");
      console.log(viaLink === direct);`;
    writeFileSync(join(root, "identity.mjs"), script);
    const out = spawnSync(process.execPath, ["--import", PACKAGE_TYPE_CACHE, "identity.mjs"], {
      encoding: "utf8",
      cwd: root,
    });
    expect(out.stdout.trim()).toBe("true");
  });
});
