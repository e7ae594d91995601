/** Server presets by e-mail domain, so the popup can fill Servidor and Puerto by itself. */
import { Hono } from "hono";
import { z } from "zod";
import { BuzonError } from "../lib/errors.ts";
import { suggestServer } from "../../shared/providers.ts";
import type { AppEnv } from "./env.ts";
import { validQuery } from "./validation.ts";

const SuggestQuery = z.object({
  email: z.string({ error: "Indica el correo o su dominio en «email»." }).trim().min(1, {
    error: "Indica el correo o su dominio en «email».",
  }),
  protocol: z.enum(["imap", "pop3"], { error: "«protocol» debe ser imap o pop3." }).default("imap"),
});

const UNKNOWN_PROVIDER =
  "No tenemos la configuración de ese proveedor para ese protocolo: escribe el servidor y el " +
  "puerto que indique tu proveedor de correo.";

export function providerRoutes() {
  return new Hono<AppEnv>().get("/suggest", validQuery(SuggestQuery), (c) => {
    const { email, protocol } = c.req.valid("query");
    const suggestion = suggestServer(email, protocol);
    if (!suggestion) throw new BuzonError("NOT_FOUND", UNKNOWN_PROVIDER);
    return c.json(suggestion);
  });
}
