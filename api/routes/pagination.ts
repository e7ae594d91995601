/** page / pageSize query parameters, shared by every list. */
import { z } from "zod";

export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

function intParam(name: string, min: number, max: number, fallback: number) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      // Digits only: Number() would also take "0x10", "1e2" and " 5 ".
      const n = /^\d{1,9}$/.test(v) ? Number(v) : Number.NaN;
      if (n >= min && n <= max) return n;

      const message = `«${name}» debe ser un número entero entre ${min} y ${max}.`;
      ctx.addIssue({ code: "custom", message, params: { code: "INVALID_NUMBER" } });
      return z.NEVER;
    });
}

export const pageParams = {
  page: intParam("page", 1, 1_000_000, 1),
  pageSize: intParam("pageSize", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
};

export function offsetOf(query: { page: number; pageSize: number }): number {
  return (query.page - 1) * query.pageSize;
}
