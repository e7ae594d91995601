/** What the middleware leaves on each request for the routes. */
import type { Context } from "hono";

export interface AppEnv {
  Variables: {
    requestId: string;
    /** The company of the Bearer token; set for everything under /api/v1 but health. */
    companyId: number;
    /** The id of that token, for the audit list. */
    tokenId: number;
  };
}

export function companyOf(c: Context<AppEnv>): number {
  return c.get("companyId");
}

/** Who is acting, as the audit list names it. */
export function actorOf(c: Context<AppEnv>): string {
  return `token:${c.get("tokenId")}`;
}
