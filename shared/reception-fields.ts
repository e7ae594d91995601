/**
 * The words of the reception form (Configuración Correo de Recepción): labels as the seed page
 * prints them, the `?` help texts, option labels, and one Spanish message per issue code. The
 * popup form and the API take them from here, so both say the same thing.
 */

export const RECEPTION_FIELD_NAMES = [
  "serverType",
  "protocol",
  "host",
  "port",
  "security",
  "username",
  "password",
  "passwordConfirmation",
  "passwordExpiresOn",
  "notificationEmail",
  "backupEmail",
  "folders.inbox",
  "folders.processed",
  "folders.failed",
  "tlsCa",
] as const;

export type ReceptionFieldName = (typeof RECEPTION_FIELD_NAMES)[number];

export interface FieldText {
  label: string;
  /** The `?` beside the field. */
  help: string;
  /** Marked with * on the seed page. */
  required: boolean;
}

export const RECEPTION_FIELDS: Record<ReceptionFieldName, FieldText> = {
  serverType: {
    label: "Tipo de Servidor",
    help:
      "Forma de iniciar sesión en el servidor de correo. Microsoft 365, Outlook.com y Google " +
      "exigen OAuth 2.0 (inicias sesión con tu cuenta, sin dar la contraseña); los demás " +
      "proveedores usan Autenticación Básica.",
    required: true,
  },
  protocol: {
    label: "Protocolo de Acceso",
    help:
      "IMAP o POP. Recomendamos IMAP: los correos quedan en el buzón y se ordenan en carpetas. " +
      "Con POP cada correo se reenvía al correo de respaldo y se borra del buzón.",
    required: true,
  },
  host: {
    label: "Servidor",
    help: "Nombre del servidor de correo entrante, por ejemplo outlook.office365.com.",
    required: true,
  },
  port: {
    label: "Puerto",
    help: "Puerto del servidor: normalmente 993 para IMAP y 995 para POP con SSL.",
    required: true,
  },
  security: {
    label: "Protocolo de Seguridad",
    help: "Cifrado de la conexión: SSL/TLS (recomendado), STARTTLS o ninguno.",
    required: false,
  },
  username: {
    label: "Usuario",
    help: "Usuario de la cuenta, normalmente la dirección completa del correo de recepción.",
    required: true,
  },
  password: {
    label: "Contraseña",
    help: "Contraseña de la cuenta de correo. Se guarda cifrada y nunca se vuelve a mostrar.",
    required: true,
  },
  passwordConfirmation: {
    label: "Confirmar Contraseña",
    help: "Escribe de nuevo la misma contraseña del campo anterior.",
    required: true,
  },
  passwordExpiresOn: {
    label: "Fecha Expiración",
    help: "Fecha en que vence la contraseña. Te enviaremos una alerta 5 días antes.",
    required: false,
  },
  notificationEmail: {
    label: "Correo Notificación",
    help: "Correo al que enviaremos la alerta de expiración de la contraseña.",
    required: false,
  },
  backupEmail: {
    label: "Correo de respaldo",
    help:
      "Solo para POP: otro correo al que reenviaremos cada mensaje procesado antes de borrarlo " +
      "del correo de recepción. Debe ser distinto del correo de recepción.",
    required: false,
  },
  "folders.inbox": {
    label: "Carpeta de entrada",
    help: "Carpeta IMAP donde llegan los documentos; normalmente INBOX.",
    required: false,
  },
  "folders.processed": {
    label: "Carpeta de procesados",
    help: "Carpeta IMAP a la que se mueven los correos leídos con éxito (Procesados).",
    required: false,
  },
  "folders.failed": {
    label: "Carpeta de fallidos",
    help: "Carpeta IMAP a la que se mueven los correos que no se pudieron procesar (Fallidos).",
    required: false,
  },
  tlsCa: {
    label: "Certificado de la CA (PEM)",
    help: "Solo si el servidor usa un certificado de una CA privada: pega aquí su PEM.",
    required: false,
  },
};

export const OPTION_LABELS = {
  serverType: {
    basic: "Autenticación Básica (usuario y contraseña o contraseña de aplicación)",
    "oauth-microsoft": "Microsoft 365 / Outlook (OAuth 2.0)",
    "oauth-google": "Google (OAuth 2.0)",
  },
  protocol: { imap: "IMAP", pop3: "POP" },
  security: { ssl: "SSL/TLS", starttls: "STARTTLS", none: "Ninguno" },
} as const;

export const RECEPTION_ISSUE_CODES = [
  "REQUIRED",
  "INVALID_TYPE",
  "TOO_LONG",
  "INVALID_OPTION",
  "INVALID_HOST",
  "NOT_A_SERVER_ADDRESS",
  "INVALID_PORT",
  "INVALID_EMAIL",
  "INVALID_DATE",
  "DATE_IN_PAST",
  "INVALID_CERTIFICATE",
  "INVALID_FOLDER",
  "INVALID_CHARACTERS",
  "ONLY_SPACES",
  "FOLDER_SAME_AS_INBOX",
  "PASSWORD_MISMATCH",
  "BACKUP_REQUIRED",
  "BACKUP_SAME_AS_MAILBOX",
  "NOTIFICATION_REQUIRED",
  "BASIC_AUTH_DISABLED",
] as const;

export type ReceptionIssueCode = (typeof RECEPTION_ISSUE_CODES)[number];

/**
 * Microsoft switched off Basic authentication for IMAP and POP on Microsoft 365 (2022-2023) and on
 * Outlook.com (2024-09-16), app passwords included: the server answers "Basic authentication is
 * disabled". Said the same way when the form is refused and when a login is.
 */
export const BASIC_AUTH_DISABLED_MESSAGE =
  "Microsoft ya no acepta usuario y contraseña (ni contraseñas de aplicación) en IMAP y POP para " +
  "Microsoft 365 ni para Outlook.com/Hotmail. Elige «Microsoft 365 / Outlook (OAuth 2.0)» en " +
  "«Tipo de Servidor» e inicia sesión con la cuenta de Microsoft: Buzón no necesita la contraseña.";

const quoted = (field: ReceptionFieldName) => `«${RECEPTION_FIELDS[field].label}»`;

const MESSAGES: Record<ReceptionIssueCode, (field: ReceptionFieldName) => string> = {
  REQUIRED: (f) => `El campo ${quoted(f)} es obligatorio.`,
  INVALID_TYPE: (f) => `El campo ${quoted(f)} no tiene un valor válido.`,
  TOO_LONG: (f) => `El campo ${quoted(f)} es demasiado largo.`,
  INVALID_OPTION: (f) => `El valor de ${quoted(f)} no es una de las opciones.`,
  INVALID_HOST: (f) =>
    `${quoted(f)} debe ser un nombre de servidor (p. ej. outlook.office365.com) o una IP, ` +
    "sin protocolo ni puerto.",
  NOT_A_SERVER_ADDRESS: (f) =>
    `${quoted(f)} no puede ser 0.0.0.0 ni «::»: esas direcciones no son las de un servidor. ` +
    "Escribe el nombre del servidor de correo (p. ej. mail.empresa.com.co).",
  INVALID_PORT: (f) => `${quoted(f)} debe ser un número entero entre 1 y 65535.`,
  INVALID_EMAIL: (f) => `${quoted(f)} no es una dirección de correo válida.`,
  INVALID_DATE: (f) => `${quoted(f)} debe ser una fecha válida con formato AAAA-MM-DD.`,
  DATE_IN_PAST: (f) =>
    `${quoted(f)} ya pasó: si la contraseña venció, cámbiala en tu proveedor de correo y ` +
    "escribe aquí la nueva contraseña y su nueva fecha.",
  INVALID_CERTIFICATE: (f) => `${quoted(f)} debe ser un certificado en formato PEM.`,
  INVALID_FOLDER: (f) => `El nombre de ${quoted(f)} no es válido.`,
  INVALID_CHARACTERS: (f) =>
    `${quoted(f)} tiene caracteres no permitidos (saltos de línea o caracteres de control).`,
  ONLY_SPACES: (f) => `${quoted(f)} no puede tener solo espacios.`,
  FOLDER_SAME_AS_INBOX: (f) => `${quoted(f)} debe ser distinta de la carpeta de entrada.`,
  PASSWORD_MISMATCH: () => "La confirmación no coincide con la contraseña.",
  BACKUP_REQUIRED: () =>
    "Con POP es obligatorio un «Correo de respaldo»: allí reenviamos cada correo antes de " +
    "borrarlo del correo de recepción.",
  BACKUP_SAME_AS_MAILBOX: () =>
    "El «Correo de respaldo» debe ser distinto del correo de recepción.",
  NOTIFICATION_REQUIRED: () =>
    "Indica el «Correo Notificación» para avisarte antes de la fecha de expiración.",
  BASIC_AUTH_DISABLED: () => BASIC_AUTH_DISABLED_MESSAGE,
};

export function issueMessage(code: ReceptionIssueCode, field: ReceptionFieldName): string {
  return MESSAGES[code](field);
}
