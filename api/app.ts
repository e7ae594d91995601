/**
 * The HTTP API as one Hono app, with no Node-only piece: node.ts serves it here, a Workers entry
 * can serve the same app. Everything under /api/v1 but health needs a Bearer token.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import type { AppContext } from "./context.ts";
import { BuzonError } from "./lib/errors.ts";
import { accessLog } from "./routes/access-log.ts";
import { requireToken } from "./routes/auth.ts";
import { auditRoutes } from "./routes/audit.ts";
import { extensionCors } from "./routes/cors.ts";
import { companyRoutes } from "./routes/company.ts";
import { documentRoutes } from "./routes/documents.ts";
import type { AppEnv } from "./routes/env.ts";
import { createErrorHandler } from "./routes/error-handler.ts";
import { healthRoutes } from "./routes/health.ts";
import { ingestionRoutes } from "./routes/ingestion.ts";
import { messageRoutes } from "./routes/messages.ts";
import { OAUTH_CALLBACK_PATH, oauthRoutes } from "./routes/oauth.ts";
import { providerRoutes } from "./routes/providers.ts";
import { receptionConfigRoutes } from "./routes/reception-config.ts";
import { statusRoutes } from "./routes/status.ts";

/** The largest body is the reception form with a CA chain (64 KB): 256 KB leaves room. */
const MAX_BODY_BYTES = 256 * 1024;

const ROUTE_NOT_FOUND = { error: { code: "NOT_FOUND", message: "Ruta no encontrada." } };

/** The methods registered for a concrete path ("/api/v1/documents/7"), from Hono's route list. */
function methodsFor(routes: { method: string; path: string }[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === "ALL" || route.path.includes("*")) continue;
    const pattern = route.path
      .split("/")
      .map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("/");
    if (new RegExp(`^${pattern}/?$`).test(path)) methods.add(route.method);
  }
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}

export function createApp(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(accessLog(ctx.logger));
  app.use("/api/*", extensionCors());
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new BuzonError("LIMIT", "La solicitud es demasiado grande.");
      },
    }),
  );
  app.use("/api/v1/*", async (c, next) => {
    if (c.req.path === "/api/v1/health") return next();
    // The provider sends the browser here; the flow's state, not a token, names the company.
    if (c.req.method === "GET" && OAUTH_CALLBACK_PATH.test(c.req.path)) return next();
    return requireToken(ctx)(c, next);
  });
  app.onError(createErrorHandler(ctx.logger));
  app.notFound((c) => {
    // RFC 9110 §15.5.6: a path that exists for other methods answers 405 and says which (Allow).
    const allowed = methodsFor(app.routes, c.req.path);
    if (allowed.length === 0) return c.json(ROUTE_NOT_FOUND, 404);
    c.header("Allow", allowed.join(", "));
    const choices = `${allowed.slice(0, -1).join(", ")}${allowed.length > 1 ? " o " : ""}${allowed.at(-1)}`;
    const message = `Método no permitido en esta ruta; usa ${choices}.`;
    return c.json({ error: { code: "METHOD_NOT_ALLOWED", message } }, 405);
  });

  return app
    .route("/api/v1/health", healthRoutes())
    .route("/api/v1/company", companyRoutes(ctx))
    .route("/api/v1/reception-config", receptionConfigRoutes(ctx))
    .route("/api/v1/providers", providerRoutes(ctx))
    .route("/api/v1/oauth", oauthRoutes(ctx))
    .route("/api/v1/ingestion", ingestionRoutes(ctx))
    .route("/api/v1/documents", documentRoutes(ctx))
    .route("/api/v1/messages", messageRoutes(ctx))
    .route("/api/v1/status", statusRoutes(ctx))
    .route("/api/v1/audit", auditRoutes(ctx));
}

/** For the extension's typed client (hono/client `hc<AppType>`). */
export type AppType = ReturnType<typeof createApp>;
