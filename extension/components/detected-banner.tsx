/** "Valores detectados en esta página": the provider page's values, one button to use them. */
import { providerNote, type DetectedSettings } from "../../shared/settings-page/index.ts";
import { describeDetected, describePopAccess } from "../form/describe.ts";

export interface DetectedBannerProps {
  detected: DetectedSettings;
  /** Labels of the fields the last fill changed; null before the button is used. */
  changed: string[] | null;
  onApply(): void;
}

export function DetectedBanner({ detected, changed, onApply }: DetectedBannerProps) {
  const note = providerNote(detected.provider);
  const popAccess = describePopAccess(detected);
  return (
    <section class="detected" aria-label="Valores detectados">
      <p>
        <strong>Valores detectados en esta página:</strong>{" "}
        <span class="detected__values">{describeDetected(detected)}</span>
      </p>
      {popAccess && <p class="detected__pop">{popAccess}</p>}
      {note && <p class="detected__note">⚠ {note}</p>}
      <button type="button" onClick={onApply}>
        Usar estos valores
      </button>
      {changed && (
        <p class="detected__changed" role="status">
          {changed.length > 0
            ? `Se cambiaron: ${changed.join(", ")}.`
            : "El formulario ya tenía estos valores."}
        </p>
      )}
    </section>
  );
}
