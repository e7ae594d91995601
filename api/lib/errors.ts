/**
 * Buzón's error vocabulary: one base error whose `code` comes from a closed list, so that the API,
 * the logs and the extension can all branch on it. The original error is kept as `cause` and is
 * never sent to a client.
 */
export const ERROR_CODES = [
  "AUTH_FAILED",
  "CONNECTION",
  "DNS",
  "TLS",
  "TIMEOUT",
  "THROTTLED",
  "PROTOCOL",
  "FOLDER",
  "INVALID_INPUT",
  "HOST_NOT_ALLOWED",
  "INVALID_DOCUMENT",
  "LIMIT",
  "NOT_FOUND",
  "CONFLICT",
  "UNAUTHORIZED",
  "RATE_LIMITED",
  "NOT_CONFIGURED",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Spanish first: these are shown to users as they are. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  AUTH_FAILED: "El servidor rechazó el usuario o la contraseña.",
  CONNECTION: "No fue posible conectarse con el servidor de correo.",
  DNS: "No se encontró el servidor: revisa el nombre del servidor.",
  TLS: "La conexión segura (TLS) con el servidor falló.",
  TIMEOUT: "El servidor tardó demasiado en responder.",
  THROTTLED:
    "El proveedor de correo limitó las conexiones por un momento; Buzón lo intentará de nuevo en la próxima ejecución.",
  PROTOCOL: "El servidor respondió algo inesperado.",
  FOLDER: "No fue posible abrir o crear las carpetas del buzón.",
  INVALID_INPUT: "Los datos enviados no son válidos.",
  HOST_NOT_ALLOWED: "Buzón no se conecta a direcciones privadas o locales.",
  INVALID_DOCUMENT: "El documento no es válido.",
  LIMIT: "Se superó un límite de tamaño o cantidad.",
  NOT_FOUND: "No se encontró el recurso.",
  CONFLICT: "La operación entra en conflicto con el estado actual.",
  UNAUTHORIZED: "Token ausente o no válido.",
  RATE_LIMITED: "Demasiados intentos fallidos desde esta dirección; espera unos minutos.",
  NOT_CONFIGURED: "Falta configurar el correo de recepción.",
  INTERNAL: "Ocurrió un error interno.",
};

export const HTTP_STATUS: Record<ErrorCode, number> = {
  AUTH_FAILED: 422,
  CONNECTION: 502,
  DNS: 502,
  TLS: 502,
  TIMEOUT: 504,
  THROTTLED: 503,
  PROTOCOL: 502,
  FOLDER: 502,
  INVALID_INPUT: 400,
  HOST_NOT_ALLOWED: 422,
  INVALID_DOCUMENT: 422,
  LIMIT: 413,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  RATE_LIMITED: 429,
  NOT_CONFIGURED: 409,
  INTERNAL: 500,
};

export class BuzonError extends Error {
  readonly code: ErrorCode;
  /** Spanish message safe to show a user; never contains secrets or raw server text. */
  readonly userMessage: string;
  /** Extra, non-secret detail for the client (a field name, a step). */
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message?: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message ?? ERROR_MESSAGES[code], { cause: options?.cause });
    this.name = "BuzonError";
    this.code = code;
    this.userMessage = message ?? ERROR_MESSAGES[code];
    this.details = options?.details;
  }
}

export function isBuzonError(error: unknown): error is BuzonError {
  return error instanceof BuzonError;
}

/**
 * An error's message without the values bound to a failed query: drizzle ends its message in
 * "params: …", which can hold addresses and sealed secrets. For logs and operator output.
 */
export function messageWithoutParams(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message ?? error;
  return String(message).split(/\n\s*params:/)[0]!;
}
