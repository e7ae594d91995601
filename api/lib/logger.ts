import { pino, type Logger } from "pino";

export type { Logger };

/** Keys whose values never reach a log line, wherever they sit in a logged object. */
export const REDACT_PATHS = [
  "password",
  "*.password",
  "passwordConfirmation",
  "*.passwordConfirmation",
  "passwordEnc",
  "*.passwordEnc",
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "secret",
  "*.secret",
  "key",
  "*.key",
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: "[oculto]" }, base: undefined },
    destination as never,
  );
}
