/**
 * «Sesión iniciada como …» with its «Cerrar sesión» button. Signing out stops the mailbox until
 * someone signs in again, so the button first asks, in the popup itself: Firefox does not show
 * window.confirm() from an extension popup.
 */
import { useState } from "preact/hooks";
import { ApiError, type ApiClient, type OAuthProviderId } from "../api-client.ts";

export interface OAuthSignOutProps {
  api: Pick<ApiClient, "oauthSignOut">;
  provider: OAuthProviderId;
  account: string | null;
  /** With the API's Spanish message, once Buzón forgot the sign-in. */
  onSignedOut(message: string): void;
}

type Step = "idle" | "confirm" | "busy";

export function OAuthSignOut({ api, provider, account, onSignedOut }: OAuthSignOutProps) {
  const [step, setStep] = useState<Step>("idle");
  const [error, setError] = useState<string | null>(null);
  const who = account ?? "tu cuenta";

  const signOut = async () => {
    setStep("busy");
    setError(null);
    try {
      onSignedOut((await api.oauthSignOut(provider)).message);
    } catch (failure) {
      setStep("idle");
      setError(failure instanceof ApiError ? failure.message : "Ocurrió un error inesperado.");
    }
  };

  return (
    <div class="oauth-sign-out">
      <p class="oauth-sign-in__current">
        Sesión iniciada como {who}.{" "}
        {step === "idle" && (
          <button type="button" onClick={() => setStep("confirm")}>
            Cerrar sesión
          </button>
        )}
      </p>
      {step !== "idle" && (
        <div class="outcome outcome--busy" role="alertdialog" aria-label="Cerrar sesión">
          <p>
            ¿Cerrar la sesión de {who}? Buzón borrará el permiso guardado y no leerá el buzón hasta
            que alguien vuelva a iniciar sesión.
          </p>
          <div class="actions">
            <button type="button" class="primary" onClick={signOut} disabled={step === "busy"}>
              Sí, cerrar sesión
            </button>
            <button type="button" onClick={() => setStep("idle")} disabled={step === "busy"}>
              Cancelar
            </button>
          </div>
        </div>
      )}
      {error && (
        <p class="outcome outcome--error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
