/**
 * The reception form as a zod schema for the routes: the shared reader (the popup runs the same
 * one) wrapped so that parseOrThrow sees its issues as zod issues, codes and messages unchanged.
 */
import { z } from "zod";
import {
  readReceptionConfig,
  type ReadOptions,
  type ReceptionIssue,
} from "../../shared/reception-config.ts";

function toZodIssue({ path, code, message, expected }: ReceptionIssue) {
  const keys = path === "" ? [] : path.split(".");
  if (expected) return { code: "invalid_type" as const, expected, path: keys, message };
  return { code: "custom" as const, path: keys, message, params: { code } };
}

/** `passwordStored`: a saved password exists, so a blank one keeps it; `today`: see ReadOptions. */
export function receptionConfigSchema(options: ReadOptions) {
  return z.unknown().transform((input, ctx) => {
    const result = readReceptionConfig(input, options);
    if (result.ok) return result.data;

    for (const issue of result.issues) ctx.addIssue(toZodIssue(issue));
    return z.NEVER;
  });
}
