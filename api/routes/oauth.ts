/**
 * OAuth 2.0 sign-in for Microsoft and Google mailboxes, for the extension: which providers are
 * enabled, start (authorization code + PKCE), the provider's callback (no token: the browser comes
 * from the provider), status polling, Microsoft's device code, and sign-out (DELETE).
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { BuzonError } from "../lib/errors.ts";
import { renderCallbackPage } from "../oauth/callback-page.ts";
import {
  completeCallback,
  readFlowStatus,
  startDeviceSignIn,
  startSignIn,
} from "../oauth/flows.ts";
import { isOAuthProviderId, listProviders, type OAuthProviderId } from "../oauth/providers.ts";
import { signOut } from "../oauth/sign-out.ts";
import { actorOf, companyOf, type AppEnv } from "./env.ts";
import { validQuery } from "./validation.ts";

const StartQuery = z.object({
  loginHint: z.string().trim().max(320).optional(),
  returnTo: z.string().trim().max(2048).optional(),
});

const StatusQuery = z.object({
  state: z
    .string({
      error: (issue) =>
        issue.input === undefined ? "Falta «state»." : "«state» debe ir una sola vez, como texto.",
    })
    .min(16, { error: "«state» no es el de un inicio de sesión (muy corto)." })
    .max(128, { error: "«state» no es el de un inicio de sesión (muy largo)." }),
});

/** Provider answers are short; anything longer is not theirs. */
const CallbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(128).optional(),
  error: z.string().max(128).optional(),
});

function providerOf(c: Context<AppEnv>): OAuthProviderId {
  const provider = c.req.param("provider") ?? "";
  if (!isOAuthProviderId(provider)) {
    throw new BuzonError("NOT_FOUND", "Proveedor desconocido: usa microsoft o google.", {
      details: { reason: "UNKNOWN_PROVIDER" },
    });
  }
  return provider;
}

/** The callback is the one route the browser reaches without Buzón's token. */
export const OAUTH_CALLBACK_PATH = /^\/api\/v1\/oauth\/[a-z]+\/callback$/;

export function oauthRoutes(ctx: AppContext) {
  return new Hono<AppEnv>()
    .get("/providers", (c) => c.json({ providers: listProviders(ctx.oauth) }))
    .get("/:provider/start", validQuery(StartQuery), async (c) => {
      const { loginHint, returnTo } = c.req.valid("query");
      return c.json(await startSignIn(ctx, companyOf(c), providerOf(c), { loginHint, returnTo }));
    })
    .get("/:provider/callback", async (c) => {
      const query = CallbackQuery.safeParse(c.req.query());
      const result = await completeCallback(ctx, providerOf(c), query.success ? query.data : {});
      if (result.returnTo && result.state) {
        const back = new URL(result.returnTo);
        back.searchParams.set("state", result.state);
        back.searchParams.set("status", result.ok ? "done" : "failed");
        return c.redirect(back.toString(), 302);
      }
      c.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
      c.header("cache-control", "no-store");
      return c.html(renderCallbackPage(result.provider, result.ok), result.ok ? 200 : 400);
    })
    .get("/:provider/status", validQuery(StatusQuery), async (c) => {
      const { state } = c.req.valid("query");
      return c.json(await readFlowStatus(ctx, companyOf(c), providerOf(c), state));
    })
    .post("/:provider/device", async (c) => {
      return c.json(await startDeviceSignIn(ctx, companyOf(c), providerOf(c)), 201);
    })
    .delete("/:provider", async (c) => {
      return c.json(await signOut(ctx, companyOf(c), providerOf(c), actorOf(c)));
    });
}
