/**
 * Server settings from the address, so the popup can fill Servidor, Puerto, Protocolo de Seguridad
 * and Tipo de Servidor by itself: presets, then the domain's autoconfig, SRV and MX.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { discover } from "../discovery/index.ts";
import { BuzonError } from "../lib/errors.ts";
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

export function providerRoutes(ctx: AppContext) {
  return new Hono<AppEnv>().get("/suggest", validQuery(SuggestQuery), async (c) => {
    const { email, protocol } = c.req.valid("query");
    const found = await discover(ctx, email, protocol);
    if (!found) throw new BuzonError("NOT_FOUND", UNKNOWN_PROVIDER);
    return c.json(found);
  });
}
