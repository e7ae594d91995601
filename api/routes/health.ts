/** Liveness for load balancers and the extension's "is the API there" check; no token needed. */
import { Hono } from "hono";
import packageJson from "../../package.json" with { type: "json" };
import type { Health } from "../../shared/api-types.ts";
import type { AppEnv } from "./env.ts";

export function healthRoutes() {
  const health: Health = { ok: true, version: packageJson.version };
  return new Hono<AppEnv>().get("/", (c) => c.json(health));
}
