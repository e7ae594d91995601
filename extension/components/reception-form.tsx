/**
 * The seed's "Configuración Correo de Recepción" form, field for field and label for label, with
 * an advanced section (folders, private CA). Errors come from the shared form reader.
 */
import {
  OPTION_LABELS,
  PROTOCOLS,
  RECEPTION_FIELDS,
  SECURITY_OPTIONS,
  SERVER_TYPES,
  type ReceptionFieldName,
} from "../../shared/reception-config.ts";
import type { ComponentChildren } from "preact";
import type { DiscoverySource } from "../../api/discovery/types.ts";
import {
  isOAuthForm,
  type FieldErrors,
  type FormState,
  type SuggestedFieldName,
} from "../form/form-state.ts";
import { Field } from "./field.tsx";

export interface ReceptionFormProps {
  state: FormState;
  errors: FieldErrors;
  onChange(field: ReceptionFieldName, value: string): void;
  onBlur(field: ReceptionFieldName): void;
  /** For an OAuth «Tipo de Servidor»: the sign-in, shown instead of the password fields. */
  signIn?: ComponentChildren;
}

const SOURCE_TEXT: Record<DiscoverySource, string> = {
  preset: "lista de proveedores de Buzón",
  autoconfig: "autoconfiguración publicada por tu dominio",
  srv: "registros SRV de tu dominio",
  mx: "registro MX de tu dominio",
};

function originHint(state: FormState, field: SuggestedFieldName): string | null {
  const origin = state.origin[field];
  if (origin === "detected") return "Tomado de la página de configuración de tu proveedor.";
  if (origin !== "suggested") return null;
  const source = state.sources[field];
  return `Sugerido según tu correo${source ? ` (${SOURCE_TEXT[source]})` : ""}.`;
}

type InputType = "text" | "email" | "password" | "date";

const idOf = (field: ReceptionFieldName) => `f-${field.replace(".", "-")}`;

export function ReceptionForm({ state, errors, onChange, onBlur, signIn }: ReceptionFormProps) {
  const { values } = state;
  const oauth = isOAuthForm(state);
  const typeHint = [originHint(state, "serverType"), state.serverTypeNote]
    .filter(Boolean)
    .join(" ");
  const row = (field: ReceptionFieldName, input: preact.JSX.Element, hint?: string | null) => {
    const text = RECEPTION_FIELDS[field];
    const required = text.required && !(field.startsWith("password") && state.passwordStored);
    return (
      <Field
        id={idOf(field)}
        label={text.label}
        help={text.help}
        required={required}
        error={errors[field]}
        hint={hint}
      >
        {input}
      </Field>
    );
  };
  const bind = (field: ReceptionFieldName) => ({
    id: idOf(field),
    name: field,
    value: values[field],
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby": errors[field] ? `${idOf(field)}-error` : undefined,
    onInput: (e: Event) => onChange(field, (e.currentTarget as HTMLInputElement).value),
    onBlur: () => onBlur(field),
  });
  const select = (field: ReceptionFieldName, options: readonly string[], labels: object) => (
    <select {...bind(field)} onChange={(e) => onChange(field, e.currentTarget.value)}>
      {options.map((o) => (
        <option value={o}>{(labels as Record<string, string>)[o]}</option>
      ))}
    </select>
  );
  const text = (field: ReceptionFieldName, type: InputType = "text", extra: object = {}) => (
    <input {...({ type, ...bind(field), ...extra } as Record<string, unknown>)} />
  );

  return (
    <form class="reception-form" noValidate onSubmit={(e) => e.preventDefault()}>
      <h2>Correo Recepción de Documentos Electrónicos</h2>
      {row(
        "serverType",
        select("serverType", SERVER_TYPES, OPTION_LABELS.serverType),
        typeHint || null,
      )}
      {row("protocol", select("protocol", PROTOCOLS, OPTION_LABELS.protocol))}
      {row("username", text("username", "email", { autocomplete: "username" }))}
      {row("host", text("host"), originHint(state, "host"))}
      {row("port", text("port", "text", { inputMode: "numeric" }), originHint(state, "port"))}
      {row(
        "security",
        select("security", SECURITY_OPTIONS, OPTION_LABELS.security),
        originHint(state, "security"),
      )}
      {values.protocol === "pop3" && row("backupEmail", text("backupEmail", "email"))}

      <h3>Información de Seguridad</h3>
      {oauth && signIn}
      {!oauth && state.passwordStored && (
        <p class="note">Hay una contraseña guardada: déjala en blanco para conservarla.</p>
      )}
      {!oauth && row("password", text("password", "password", { autocomplete: "new-password" }))}
      {!oauth &&
        row(
          "passwordConfirmation",
          text("passwordConfirmation", "password", { autocomplete: "new-password" }),
        )}
      {!oauth && (
        <p class="note">
          Si deseas que te notifiquemos cuando la contraseña esté próxima a expirar, diligencia
          estos datos: enviaremos una alerta 5 días antes de la fecha.
        </p>
      )}
      {!oauth && row("passwordExpiresOn", text("passwordExpiresOn", "date"))}
      {row("notificationEmail", text("notificationEmail", "email"))}

      <details class="advanced">
        <summary>Opciones avanzadas</summary>
        {values.protocol === "imap" && row("folders.inbox", text("folders.inbox"))}
        {values.protocol === "imap" && row("folders.processed", text("folders.processed"))}
        {values.protocol === "imap" && row("folders.failed", text("folders.failed"))}
        {row("tlsCa", <textarea rows={4} {...bind("tlsCa")} />)}
      </details>
    </form>
  );
}
