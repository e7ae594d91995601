/**
 * The popup form's state and rules, without Preact: the values as typed, where Servidor, Puerto
 * and Protocolo de Seguridad came from (suggested by the address, read from a provider page, or
 * typed), the shared form reader's errors per field, and the body the API takes.
 */
import type { DiscoverySource } from "../../api/discovery/types.ts";
import type { ReceptionConfigView } from "../../shared/api-types.ts";
import { suggestServer, type MailProtocol } from "../../shared/providers.ts";
import {
  DEFAULT_FOLDERS,
  isOAuthServerType,
  RECEPTION_FIELDS,
  validateReceptionConfig,
  type ReceptionFieldName,
} from "../../shared/reception-config.ts";
import { bogotaDate } from "../../shared/dates.ts";
import type { DetectedSettings } from "../../shared/settings-page/index.ts";

export type FormValues = Record<ReceptionFieldName, string>;
export type ServerFieldName = "host" | "port" | "security";
export type Origin = "empty" | "suggested" | "detected" | "typed";
/** The fields a suggestion fills: the server values and the sign-in type. */
export type SuggestedFieldName = ServerFieldName | "serverType";

/** What the API's /providers/suggest (or the bundled list) proposes for an address. */
export interface Suggestion {
  host: string | null;
  port: number | null;
  security: string | null;
  serverType: string;
  serverTypeRequired: boolean;
  note: string | null;
  /** Where each value came from, as the API says; the bundled list is "preset". */
  origin?: Partial<Record<SuggestedFieldName, DiscoverySource | null>>;
}

export interface FormState {
  values: FormValues;
  origin: Record<SuggestedFieldName, Origin>;
  /** For suggested values: where the API found them (preset, autoconfig, srv, mx). */
  sources: Partial<Record<SuggestedFieldName, DiscoverySource>>;
  /** Why the suggested sign-in type (e.g. Microsoft takes no plain passwords); null if none. */
  serverTypeNote: string | null;
  detected: DetectedSettings | null;
  /** A password is saved on the API: leaving it blank keeps it. */
  passwordStored: boolean;
  /** The expiry date saved on the API: sent back as it is, it is not checked against today. */
  savedExpiresOn?: string | null;
}

const SERVER_FIELDS: ServerFieldName[] = ["host", "port", "security"];

export function emptyValues(): FormValues {
  return {
    serverType: "basic",
    protocol: "imap",
    host: "",
    port: "",
    security: "ssl",
    username: "",
    password: "",
    passwordConfirmation: "",
    passwordExpiresOn: "",
    notificationEmail: "",
    backupEmail: "",
    "folders.inbox": DEFAULT_FOLDERS.inbox,
    "folders.processed": DEFAULT_FOLDERS.processed,
    "folders.failed": DEFAULT_FOLDERS.failed,
    tlsCa: "",
  };
}

export function initialState(saved: ReceptionConfigView | null = null): FormState {
  const origin: FormState["origin"] = {
    host: "empty",
    port: "empty",
    security: "empty",
    serverType: "empty",
  };
  const blank = { sources: {}, serverTypeNote: null, detected: null };
  if (!saved) return { values: emptyValues(), origin, ...blank, passwordStored: false };

  const values: FormValues = {
    ...emptyValues(),
    serverType: saved.serverType ?? "basic",
    protocol: saved.protocol,
    host: saved.host,
    port: String(saved.port),
    security: saved.security,
    username: saved.username,
    passwordExpiresOn: saved.passwordExpiresOn ?? "",
    notificationEmail: saved.notificationEmail ?? "",
    backupEmail: saved.backupEmail ?? "",
    "folders.inbox": saved.folders.inbox,
    "folders.processed": saved.folders.processed,
    "folders.failed": saved.folders.failed,
    tlsCa: saved.tlsCa ?? "",
  };
  const typed = { host: "typed", port: "typed", security: "typed", serverType: "typed" } as const;
  return {
    values,
    origin: { ...typed },
    ...blank,
    passwordStored: true,
    savedExpiresOn: saved.passwordExpiresOn ?? null,
  };
}

/** Where the server values for a protocol come from now: the page read, else the provider. */
function presetFor(state: FormState, protocol: MailProtocol) {
  const fromPage = state.detected?.[protocol];
  if (fromPage?.host || fromPage?.port) return { preset: fromPage, origin: "detected" as const };
  const suggestion = suggestServer(state.values.username, protocol);
  return suggestion ? { preset: suggestion, origin: "suggested" as const } : null;
}

function presetValue(preset: Partial<Record<ServerFieldName, unknown>>, field: ServerFieldName) {
  const value = preset[field];
  return value === null || value === undefined ? null : String(value);
}

/** Fills the server fields the user has not typed, from the page or the address's provider. */
function suggest(state: FormState): FormState {
  const found = presetFor(state, state.values.protocol as MailProtocol);
  if (!found) return state;
  if (found.origin === "suggested") {
    return applySuggestion(state, { ...(found.preset as Suggestion), origin: undefined });
  }

  const values = { ...state.values };
  const origin = { ...state.origin };
  for (const field of SERVER_FIELDS) {
    const value = presetValue(found.preset, field);
    if (origin[field] === "typed" || value === null) continue;
    values[field] = value;
    origin[field] = found.origin;
  }
  return { ...state, values, origin };
}

/**
 * A suggestion for the address (the bundled list at once, then the API's discovery): fills
 * Servidor, Puerto, Protocolo de Seguridad and Tipo de Servidor where the user typed nothing
 * and no provider page said otherwise, and remembers where each value came from.
 */
export function applySuggestion(state: FormState, suggestion: Suggestion): FormState {
  const values = { ...state.values };
  const origin = { ...state.origin };
  const sources = { ...state.sources };
  const free = (field: SuggestedFieldName) =>
    origin[field] !== "typed" && origin[field] !== "detected";
  for (const field of SERVER_FIELDS) {
    const value = presetValue(suggestion, field);
    if (!free(field) || value === null) continue;
    values[field] = value;
    origin[field] = "suggested";
    sources[field] = suggestion.origin?.[field] ?? "preset";
  }
  let serverTypeNote = state.serverTypeNote;
  // Only a provider that takes nothing else changes the sign-in type on its own.
  if (free("serverType") && suggestion.serverTypeRequired) {
    values.serverType = suggestion.serverType;
    origin.serverType = "suggested";
    sources.serverType = suggestion.origin?.serverType ?? "preset";
    serverTypeNote = serverTypeNoteFor(suggestion);
  } else if (origin.serverType === "suggested" && !suggestion.serverTypeRequired) {
    values.serverType = "basic";
    origin.serverType = "empty";
    delete sources.serverType;
    serverTypeNote = null;
  }
  return { ...state, values, origin, sources, serverTypeNote };
}

const OAUTH_WHY: Record<string, string> = {
  "oauth-microsoft":
    "Microsoft ya no acepta contraseñas en IMAP ni POP (Outlook.com desde septiembre de 2024, " +
    "Microsoft 365 desde 2023): inicia sesión con tu cuenta de Microsoft.",
  "oauth-google": "Google pide iniciar sesión con tu cuenta de Google en lugar de la contraseña.",
};

function serverTypeNoteFor(suggestion: Suggestion): string | null {
  return OAUTH_WHY[suggestion.serverType] ?? suggestion.note;
}

export const isOAuthForm = (state: FormState) => isOAuthServerType(state.values.serverType);

/** One field changed by the user. */
export function setField(state: FormState, field: ReceptionFieldName, value: string): FormState {
  const values = { ...state.values, [field]: value };
  const origin = { ...state.origin };
  let { serverTypeNote } = state;
  if ((SERVER_FIELDS as string[]).includes(field)) {
    origin[field as ServerFieldName] = value.trim() === "" ? "empty" : "typed";
  }
  if (field === "serverType") {
    origin.serverType = "typed";
    serverTypeNote = null;
  }

  const next = { ...state, values, origin, serverTypeNote };
  return field === "username" || field === "protocol" ? suggest(next) : next;
}

/** Read from a provider page: kept so a later protocol change also takes the page's values. */
export function rememberDetected(state: FormState, detected: DetectedSettings | null): FormState {
  return { ...state, detected };
}

/**
 * "Usar estos valores": the page's values fill the form, over typed ones too (the user asked).
 * Answers the labels of the fields whose value changed.
 */
export function applyDetected(state: FormState, detected: DetectedSettings) {
  const current = state.values.protocol as MailProtocol;
  const protocol: MailProtocol = detected[current]?.host
    ? current
    : detected.imap
      ? "imap"
      : "pop3";
  const preset: Partial<Record<ServerFieldName, unknown>> = { ...detected[protocol] };

  const values = { ...state.values, protocol };
  const origin = { ...state.origin };
  for (const field of SERVER_FIELDS) {
    const value = presetValue(preset, field);
    if (value === null) continue;
    values[field] = value;
    origin[field] = "detected";
  }
  if (detected.username && values.username.trim() === "") values.username = detected.username;

  const names = Object.keys(values) as ReceptionFieldName[];
  const changed = names.filter((n) => values[n] !== state.values[n]);
  const next: FormState = { ...state, values, origin, detected };
  return { state: next, changed: changed.map((n) => RECEPTION_FIELDS[n].label) };
}

const blankToNull = (v: string) => (v.trim() === "" ? null : v);

/** The body for PUT /reception-config and POST /reception-config/test. */
export function toPayload(values: FormValues) {
  return {
    serverType: values.serverType,
    protocol: values.protocol,
    host: values.host,
    port: values.port,
    security: values.security,
    username: values.username,
    password: values.password === "" ? null : values.password,
    passwordConfirmation: values.passwordConfirmation === "" ? null : values.passwordConfirmation,
    passwordExpiresOn: blankToNull(values.passwordExpiresOn),
    notificationEmail: blankToNull(values.notificationEmail),
    backupEmail: values.protocol === "pop3" ? blankToNull(values.backupEmail) : null,
    folders: {
      inbox: values["folders.inbox"],
      processed: values["folders.processed"],
      failed: values["folders.failed"],
    },
    tlsCa: blankToNull(values.tlsCa),
  };
}

export type FieldErrors = Partial<Record<ReceptionFieldName | "", string>>;

/** The shared schema's Spanish messages, the first one per field. */
export function validateForm(state: FormState, options: { forTest?: boolean } = {}): FieldErrors {
  const result = validateReceptionConfig(toPayload(state.values), {
    passwordStored: state.passwordStored,
    // A connection test ignores the expiry date (as the API does); saving checks it.
    ...(options.forTest ? {} : { today: bogotaDate(new Date()) }),
    keptExpiresOn: state.savedExpiresOn ?? null,
  });
  return result.ok ? {} : errorsByField(result.issues);
}

export function errorsByField(issues: { path: string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[issue.path as ReceptionFieldName] ??= issue.message;
  return errors;
}
