/**
 * Cross-origin requests are answered only for browser extensions (the Buzón extension's pages
 * are chrome-extension:// or moz-extension:// origins); any web page gets no CORS headers, so a
 * site a user visits cannot read the API with a token the browser might hold.
 */
import { cors } from "hono/cors";

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[a-z0-9-]+$/i;

export function extensionCors() {
  return cors({
    origin: (origin) => (EXTENSION_ORIGIN.test(origin) ? origin : null),
    allowHeaders: ["Authorization", "Content-Type"],
    allowMethods: ["GET", "PUT", "POST", "DELETE"],
    maxAge: 600,
  });
}
