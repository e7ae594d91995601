/** Bearer tokens: each request is tied to the company that owns its token. */
import type { MiddlewareHandler } from "hono";
import type { AppContext } from "../context.ts";
import { BuzonError } from "../lib/errors.ts";
import { findTokenCompany } from "../security/tokens.ts";
import type { AppEnv } from "./env.ts";

/** Long enough for any token Buzón makes; longer headers are refused before hashing. */
const MAX_TOKEN_CHARS = 512;

function bearerOf(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  const token = match?.[1];
  return token && token.length <= MAX_TOKEN_CHARS ? token : null;
}

export function requireToken(ctx: AppContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerOf(c.req.header("authorization"));
    const companyId = token ? await findTokenCompany(ctx, token) : null;
    if (companyId === null) {
      c.header("WWW-Authenticate", 'Bearer realm="buzon"');
      throw new BuzonError("UNAUTHORIZED");
    }

    c.set("companyId", companyId);
    await next();
  };
}
