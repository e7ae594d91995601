/** The company that receives the invoices: its name and NIT, validated the same way everywhere. */
import { z } from "zod";
import { computeNitDv, parseNit } from "./nit.ts";

const NAME_MAX = 200;

const issue = (ctx: z.RefinementCtx, code: string, message: string) =>
  ctx.addIssue({ code: "custom", message, params: { code } });

/** Accepts "800.197.268-4" or "800197268"; keeps the digits; a declared DV must be right. */
const nit = z.unknown().transform((v, ctx) => {
  const parsed = typeof v === "string" ? parseNit(v) : null;
  if (!parsed || parsed.nit.length < 5) {
    issue(ctx, "INVALID_NIT", "El NIT debe tener entre 5 y 15 dígitos, sin letras.");
    return z.NEVER;
  }
  if (parsed.dv !== null && parsed.dv !== computeNitDv(parsed.nit)) {
    issue(ctx, "INVALID_CHECK_DIGIT", "El dígito de verificación no corresponde al NIT.");
    return z.NEVER;
  }
  return parsed.nit;
});

const name = z.unknown().transform((v, ctx) => {
  const text = typeof v === "string" ? v.trim() : "";
  if (text && text.length <= NAME_MAX) return text;

  if (text) issue(ctx, "TOO_LONG", "El nombre de la empresa es demasiado largo.");
  else issue(ctx, "REQUIRED", "El nombre de la empresa es obligatorio.");
  return z.NEVER;
});

export const CompanySchema = z.object(
  { name, nit },
  { error: "El cuerpo debe ser un objeto JSON con name y nit." },
);

export type CompanyInput = z.output<typeof CompanySchema>;
