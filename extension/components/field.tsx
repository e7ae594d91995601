/** One form row as the seed page draws it: label (with * when required), input, `?` help, error. */
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

export interface FieldProps {
  id: string;
  label: string;
  help: string;
  required?: boolean;
  error?: string;
  /** Shown under the input in a calmer tone (e.g. where a suggested value came from). */
  hint?: string | null;
  children: ComponentChildren;
}

export function Field({ id, label, help, required, error, hint, children }: FieldProps) {
  const [helpOpen, setHelpOpen] = useState(false);
  return (
    <div class={`field${error ? " field--error" : ""}`} data-field={id}>
      <label for={id}>
        {label}
        {required ? "*" : ""}
      </label>
      <div class="field__input">
        {children}
        <button
          type="button"
          class="help"
          title={help}
          aria-label={`Ayuda: ${label}`}
          aria-expanded={helpOpen}
          onClick={() => setHelpOpen(!helpOpen)}
        >
          ?
        </button>
      </div>
      {helpOpen && <p class="field__help">{help}</p>}
      {hint && <p class="field__hint">{hint}</p>}
      {error && (
        <p class="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
