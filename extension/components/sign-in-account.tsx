/**
 * The account that signs in, when it is not the mailbox: a Microsoft 365 shared mailbox has no
 * password of its own, so a person with Full Access to it signs in and «Usuario» stays the
 * shared address. Microsoft pre-fills its sign-in page from `login_hint`; given the shared
 * address it would offer an account nobody can sign in as.
 */
import { Field } from "./field.tsx";

const HELP =
  "Solo si «Usuario» es un buzón compartido de Microsoft 365: escribe aquí tu propia cuenta, la " +
  "que tiene el permiso «Acceso total» sobre ese buzón. Microsoft te pedirá iniciar sesión con " +
  "ella y Buzón leerá el buzón compartido con ese permiso. Déjalo vacío si inicias sesión con la " +
  "cuenta del buzón.";

/** `login_hint` for the provider: the account given, else the mailbox itself. */
export function loginHintFor(mailbox: string, account: string): string | undefined {
  return account.trim() || mailbox.trim() || undefined;
}

/** A sign-in on record for another account than the mailbox: the shared mailbox's delegate. */
export function delegateOf(mailbox: string, signedInAs: string | null | undefined): string {
  const same = signedInAs?.trim().toLowerCase() === mailbox.trim().toLowerCase();
  return !signedInAs || !mailbox.trim() || same ? "" : signedInAs;
}

export function SignInAccountField(props: { value: string; onInput(value: string): void }) {
  return (
    <Field
      id="oauth-account"
      label="Cuenta que inicia sesión (si el buzón es compartido)"
      help={HELP}
    >
      <input
        id="oauth-account"
        type="email"
        autocomplete="email"
        placeholder="tu.nombre@empresa.com.co"
        value={props.value}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
    </Field>
  );
}
