import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { NODE_HOST_FLAGS } from "./node-flags.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const scripts = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
  .scripts as Record<string, string>;

describe("Node flags", () => {
  // The benchmark and the tests start children with NODE_HOST_FLAGS; users start the host
  // with npm start. Both must run the same way, or the figures describe another host.
  it.each([
    ["start", "api/node.ts"],
    ["buzon", "api/cli.ts"],
  ])("npm run %s uses the host's flags", (script, entry) => {
    const flags = NODE_HOST_FLAGS.map((flag) =>
      flag.startsWith("/") ? `./${relative(ROOT, flag)}` : flag,
    );
    expect(scripts[script]).toBe(["node", ...flags, entry].join(" "));
  });
});
