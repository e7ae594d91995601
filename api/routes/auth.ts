/** Bearer tokens: each request is tied to the company that owns its token. */
import type { MiddlewareHandler } from "hono";
import type { AppContext } from "../context.ts";
import { BuzonError } from "../lib/errors.ts";
import { findToken } from "../security/tokens.ts";
import type { AppEnv } from "./env.ts";
import { AuthThrottle, clientAddress } from "./auth-throttle.ts";

/** Long enough for any token Buzón makes; longer headers are refused before hashing. */
const MAX_TOKEN_CHARS = 512;

function bearerOf(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  const token = match?.[1];
  return token && token.length <= MAX_TOKEN_CHARS ? token : null;
}

/** One throttle per app context, however often the middleware is built. */
const throttles = new WeakMap<AppContext, AuthThrottle>();

function throttleOf(ctx: AppContext): AuthThrottle {
  let throttle = throttles.get(ctx);
  if (!throttle) {
    throttle = new AuthThrottle(() => ctx.now().getTime());
    throttles.set(ctx, throttle);
  }
  return throttle;
}

export function requireToken(ctx: AppContext): MiddlewareHandler<AppEnv> {
  const throttle = throttleOf(ctx);
  return async (c, next) => {
    const address = clientAddress(c, ctx.clientAddressHeader);
    if (throttle.isBlocked(address)) throw new BuzonError("RATE_LIMITED");
    const token = bearerOf(c.req.header("authorization"));
    const found = token ? await findToken(ctx, token) : null;
    if (found === null) {
      throttle.recordFailure(address);
      c.header("WWW-Authenticate", 'Bearer realm="buzon"');
      throw new BuzonError("UNAUTHORIZED");
    }

    c.set("companyId", found.companyId);
    c.set("tokenId", found.id);
    await next();
  };
}
