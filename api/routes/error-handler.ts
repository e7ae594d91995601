/**
 * The one place where errors become HTTP. A BuzonError answers its code, Spanish message and safe
 * details; anything else is logged with the request id and answers a bare INTERNAL, so a 500
 * never carries a stack, a SQL statement or a server's words.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  BuzonError,
  ERROR_MESSAGES,
  HTTP_STATUS,
  isBuzonError,
  messageWithoutParams,
} from "../lib/errors.ts";
import type { Logger } from "../lib/logger.ts";
import type { ApiError } from "../../shared/api-types.ts";
import type { AppEnv } from "./env.ts";
import { INVALID_JSON, ValidationError } from "./validation.ts";

/** Reading or deleting what was never configured is a 404; acting on it (POST) stays a 409. */
function statusOf(error: BuzonError, method: string): ContentfulStatusCode {
  if (error.code === "NOT_CONFIGURED" && method !== "POST") return 404;
  return HTTP_STATUS[error.code] as ContentfulStatusCode;
}

function bodyOf(error: BuzonError): ApiError {
  const body: ApiError = { error: { code: error.code, message: error.userMessage } };
  if (error.details) body.error.details = error.details;
  if (error instanceof ValidationError) body.error.issues = error.issues;
  return body;
}

/** Hono's own exceptions (a body over the limit, a bad request) in Buzón's vocabulary. */
function fromHttpException(error: HTTPException): BuzonError {
  if (error.status === 413) return new BuzonError("LIMIT", "La solicitud es demasiado grande.");
  if (error.status === 401) return new BuzonError("UNAUTHORIZED");
  // Hono's validator throws a bare 400 for a body that is not JSON.
  if (error.status === 400) return new ValidationError([INVALID_JSON]);
  if (error.status < 500) return new BuzonError("INVALID_INPUT");
  return new BuzonError("INTERNAL", undefined, { cause: error });
}

/**
 * What the log keeps of an unexpected error: names, codes, the first part of each message and
 * the stack frames. Not the error object itself: a failed query's message ends in its bound
 * values ("params: …"), which can hold addresses and sealed secrets.
 */
export function describeUnexpected(error: unknown, depth = 0): Record<string, unknown> {
  const e = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown; stack?: unknown };
  const message = messageWithoutParams(error).slice(0, 500);
  const frames =
    typeof e.stack === "string"
      ? e.stack
          .split("\n")
          .filter((line) => line.trimStart().startsWith("at "))
          .slice(0, 8)
          .map((line) => line.trim())
      : [];
  const cause = (error as { cause?: unknown } | null)?.cause;
  return {
    name: typeof e.name === "string" ? e.name : typeof error,
    ...(typeof e.code === "string" ? { code: e.code } : {}),
    message,
    frames,
    ...(cause !== undefined && depth < 3 ? { cause: describeUnexpected(cause, depth + 1) } : {}),
  };
}

export function createErrorHandler(logger: Logger) {
  return (error: Error, c: Context<AppEnv>): Response => {
    const known = isBuzonError(error)
      ? error
      : error instanceof HTTPException
        ? fromHttpException(error)
        : null;

    if (known && known.code !== "INTERNAL") {
      return c.json(bodyOf(known), statusOf(known, c.req.method));
    }
    // Our own INTERNAL errors carry a Spanish message written for users (e.g. a stored secret
    // that the current key cannot open): say it, still as a 500 and without the cause.
    if (known && known.userMessage !== ERROR_MESSAGES.INTERNAL) {
      logger.error({ requestId: c.get("requestId"), code: known.code }, known.userMessage);
      return c.json(bodyOf(known), 500);
    }

    logger.error(
      { requestId: c.get("requestId"), error: describeUnexpected(error) },
      "unhandled error",
    );
    const internal: ApiError = { error: { code: "INTERNAL", message: ERROR_MESSAGES.INTERNAL } };
    return c.json(internal, 500);
  };
}
