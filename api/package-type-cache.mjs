/**
 * Loaded with `--import` before the Node host's code (see NODE_HOST_FLAGS in api/node-flags.ts).
 *
 * Node 22 to 26 re-read a package's scope for every `.js` file it loads as an ES module, to learn
 * its "type"; that read copies the package's config with a spread, and the spread runs the lazy
 * getter that JSON-parses the package's whole "exports" field again (internal
 * package_json_reader: getPackageScopeConfig → deserializePackageJSON). drizzle-orm has a 179 KB
 * "exports" and loads about 300 files through relative imports: measured here with Node 24.21,
 * `import "drizzle-orm/libsql"` grew the process by 177 MB (Node 20: 9 MB), most of it garbage
 * that had already been promoted, so the host started at 229 MB before reading one e-mail.
 *
 * This hook answers only the case that costs: a relative `.js` import from a file inside
 * node_modules. It resolves the path as Node would (relative URL, real path, must be a file) and
 * reads each package.json once for its "type". Anything else — bare names, our own TypeScript,
 * a package without an explicit "type", a file that is not there — goes to Node's own resolver
 * unchanged, so errors and CommonJS detection stay Node's.
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import * as nodeModule from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** How many imports this hook answered itself (read by its test). */
export const answered = { count: 0 };

/** Folder → the "type" of the package.json that governs it ("module", "commonjs" or null). */
const typeByFolder = new Map();

function declaredType(file) {
  const walked = [];
  let folder = dirname(file);
  let type = null;
  for (;;) {
    if (typeByFolder.has(folder)) {
      type = typeByFolder.get(folder);
      break;
    }
    walked.push(folder);
    // Node's package-scope lookup ends at a node_modules folder: no scope, Node decides.
    if (basename(folder) === "node_modules") break;
    let text;
    try {
      text = readFileSync(join(folder, "package.json"), "utf8");
    } catch {
      // No package.json here: the scope is decided further up.
    }
    if (text !== undefined) {
      try {
        const value = JSON.parse(text).type;
        type = value === "module" || value === "commonjs" ? value : null;
      } catch {
        type = null; // Node reports a broken package.json itself.
      }
      break;
    }
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  for (const seen of walked) typeByFolder.set(seen, type);
  return type;
}

/**
 * Only the plain case is answered: an ES module file in node_modules importing a relative
 * `.js` path. Left to Node (and to other hooks): require() calls, whose specifiers are paths and
 * which patched resolvers may redirect; anything with `?`, `#`, `%` or `\` (URL parts, encoded
 * characters that Node refuses); parents that are not JavaScript (tsx may map ./x.js to x.ts);
 * and a link whose target is not a `.js` file (its own extension decides its format).
 */
function answerable(specifier, context) {
  const parent = context.parentURL;
  return (
    parent !== undefined &&
    parent.startsWith("file:") &&
    parent.includes("/node_modules/") &&
    /\.[cm]?js$/.test(parent) &&
    !context.conditions?.includes("require") &&
    (specifier.startsWith("./") || specifier.startsWith("../")) &&
    specifier.endsWith(".js") &&
    !/[?#%\\]/.test(specifier)
  );
}

export function resolve(specifier, context, nextResolve) {
  if (answerable(specifier, context)) {
    let path;
    try {
      path = realpathSync(fileURLToPath(new URL(specifier, context.parentURL)));
      if (!path.endsWith(".js") || !statSync(path).isFile()) path = undefined;
    } catch {
      path = undefined;
    }
    const type = path && declaredType(path);
    if (type) {
      answered.count += 1;
      return { url: pathToFileURL(path).href, format: type, shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

/** With --preserve-symlinks a link keeps its own URL; this hook always takes the real path. */
function preservesSymlinks() {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  return (
    flags.some((flag) => flag.startsWith("--preserve-symlinks")) ||
    process.env.NODE_PRESERVE_SYMLINKS === "1"
  );
}

// module.registerHooks (in-thread, synchronous) exists from Node 22.15 / 23.5; older Node keeps
// its own resolver and only pays the memory.
export const registered = typeof nodeModule.registerHooks === "function" && !preservesSymlinks();
if (registered) nodeModule.registerHooks({ resolve });
