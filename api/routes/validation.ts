/**
 * Input validation for the routes: zod schemas whose failures become one INVALID_INPUT error
 * listing each issue as { path, code, message }, so the popup can mark the exact field.
 */
import type { Context } from "hono";
import { zValidator } from "@hono/zod-validator";
import { validator } from "hono/validator";
import type { z } from "zod";
import { BuzonError } from "../lib/errors.ts";
import type { FieldIssue } from "../../shared/reception-config.ts";

export const INVALID_JSON: FieldIssue = {
  path: "",
  code: "INVALID_JSON",
  message: "El cuerpo de la solicitud no es JSON válido.",
};

export class ValidationError extends BuzonError {
  readonly issues: FieldIssue[];

  constructor(issues: FieldIssue[]) {
    super("INVALID_INPUT");
    this.issues = issues;
  }
}

/** zod's own issue kinds, as stable codes with a Spanish message (zod's text is English). */
const ZOD_ISSUES: Record<string, { code: string; message: string }> = {
  invalid_type: { code: "INVALID_TYPE", message: "tiene un tipo de dato no válido" },
  too_big: { code: "TOO_LONG", message: "es demasiado grande o largo" },
  too_small: { code: "TOO_SHORT", message: "es demasiado pequeño o corto" },
  invalid_value: { code: "INVALID_OPTION", message: "no es una de las opciones válidas" },
  unrecognized_keys: { code: "UNKNOWN_FIELD", message: "tiene campos desconocidos" },
};

const ROOT_NOT_OBJECT =
  "El cuerpo de la solicitud debe ser un objeto JSON con los campos del formulario.";

function describeZodIssue(issue: z.core.$ZodIssue, path: string): FieldIssue {
  if (issue.code === "custom") {
    return { path, code: String(issue.params?.code ?? "INVALID_VALUE"), message: issue.message };
  }
  // Messages written by our schemas ({ error: "…" }) are Spanish already; zod's defaults are not.
  const known = ZOD_ISSUES[issue.code] ?? { code: "INVALID_VALUE", message: "no es válido" };
  const ours = /[«»]/.test(issue.message);
  if (ours) return { path, code: known.code, message: issue.message };
  // The body itself (an empty body, a list, a string) rather than one of its fields.
  if (path === "" && issue.code === "invalid_type") {
    return { path, code: known.code, message: ROOT_NOT_OBJECT };
  }
  return { path, code: known.code, message: `«${path || "valor"}» ${known.message}.` };
}

/** Custom issues carry their stable code in params; zod's own ones get a code and Spanish words. */
export function toIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((issue) => describeZodIssue(issue, issue.path.map(String).join(".")));
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toIssues(result.error));
  return result.data;
}

/** Query strings through @hono/zod-validator, its failures worded as ours. */
export function validQuery<S extends z.ZodType>(schema: S) {
  return zValidator("query", schema, (result) => {
    if (!result.success) throw new ValidationError(toIssues(result.error));
  });
}

export function validJson<S extends z.ZodType>(schema: S) {
  return validator("json", async (_value, c) => parseOrThrow(schema, await readJson(c)));
}

/**
 * The JSON body, or null for an empty one. Read by hand rather than by Hono's validator, which
 * answers a missing Content-Type with {} and a broken body with an English 400.
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([INVALID_JSON]);
  }
}
