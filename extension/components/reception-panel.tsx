/**
 * The popup's working part: detected values on top, the form validated live, and the three
 * buttons (Probar conexión, Guardar, Procesar ahora) with their outcome. Talks to the API only
 * through the client it is given, so a test can hand it a fake one.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import type { ConnectionTestResult, ReceptionConfigView } from "../../shared/api-types.ts";
import type { ReceptionFieldName } from "../../shared/reception-config.ts";
import type { DetectedSettings } from "../../shared/settings-page/index.ts";
import { ApiError, type ApiClient } from "../api-client.ts";
import { STEP_NAMES, describeRun, describeTest } from "../form/describe.ts";
import {
  applyDetected,
  errorsByField,
  initialState,
  rememberDetected,
  setField,
  toPayload,
  validateForm,
  type FieldErrors,
} from "../form/form-state.ts";
import { DetectedBanner } from "./detected-banner.tsx";
import { ReceptionForm } from "./reception-form.tsx";

export type ReceptionApi = Pick<ApiClient, "testConnection" | "saveConfig" | "runNow">;

export interface ReceptionPanelProps {
  api: ReceptionApi;
  saved: ReceptionConfigView | null;
  detected: DetectedSettings | null;
  /** After a save or a run, so the badge and status follow. */
  onChanged?(): void;
}

type Outcome = { kind: "ok" | "error" | "busy"; text: string; test?: ConnectionTestResult };

export function ReceptionPanel({ api, saved, detected, onChanged }: ReceptionPanelProps) {
  const [state, setState] = useState(() => rememberDetected(initialState(saved), detected));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [changed, setChanged] = useState<string[] | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  // Values found on the page can arrive after the popup opened (an injected reader).
  useEffect(() => setState((s) => rememberDetected(s, detected)), [detected]);

  const liveErrors = useMemo(() => validateForm(state), [state]);
  const shown: FieldErrors = { ...serverErrors };
  for (const [field, message] of Object.entries(liveErrors)) {
    if (showAll || touched.has(field)) shown[field as ReceptionFieldName] ??= message;
  }

  const change = (field: ReceptionFieldName, value: string) => {
    setState((s) => setField(s, field, value));
    setTouched((t) => new Set(t).add(field));
    setServerErrors(({ [field]: _gone, ...rest }) => rest);
  };
  const blur = (field: ReceptionFieldName) => setTouched((t) => new Set(t).add(field));
  const useDetected = () => {
    const result = applyDetected(state, detected!);
    setState(result.state);
    setChanged(result.changed);
  };

  const act = async (name: string, work: () => Promise<Outcome>, needsValidForm: boolean) => {
    setShowAll(needsValidForm);
    if (needsValidForm && Object.keys(liveErrors).length > 0) {
      setOutcome({ kind: "error", text: "Revisa los campos marcados." });
      return;
    }
    setOutcome({ kind: "busy", text: `${name}…` });
    try {
      setOutcome(await work());
    } catch (error) {
      const apiError = error instanceof ApiError ? error : null;
      setServerErrors(errorsByField(apiError?.issues ?? []));
      setOutcome({ kind: "error", text: apiError?.message ?? "Ocurrió un error inesperado." });
    }
  };

  const testConnection = () =>
    act(
      "Probando la conexión",
      async () => {
        const test = await api.testConnection(toPayload(state.values));
        return { kind: test.ok ? "ok" : "error", text: describeTest(test), test };
      },
      true,
    );
  const save = () =>
    act(
      "Guardando",
      async () => {
        const view = await api.saveConfig(toPayload(state.values));
        setState((s) => ({ ...initialState(view), detected: s.detected }));
        setTouched(new Set());
        onChanged?.();
        return { kind: "ok", text: "Configuración guardada." };
      },
      true,
    );
  const runNow = () =>
    act(
      "Procesando el buzón",
      async () => {
        const run = await api.runNow();
        onChanged?.();
        return { kind: run.status === "failed" ? "error" : "ok", text: describeRun(run) };
      },
      false,
    );

  return (
    <div class="reception-panel">
      {detected && <DetectedBanner detected={detected} changed={changed} onApply={useDetected} />}
      <ReceptionForm state={state} errors={shown} onChange={change} onBlur={blur} />
      <div class="actions">
        <button type="button" onClick={testConnection}>
          Probar conexión
        </button>
        <button type="button" class="primary" onClick={save}>
          Guardar
        </button>
        <button type="button" onClick={runNow} disabled={!state.passwordStored}>
          Procesar ahora
        </button>
      </div>
      {outcome && <OutcomeView outcome={outcome} />}
    </div>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  return (
    <div class={`outcome outcome--${outcome.kind}`} role="status" data-testid="outcome">
      <p>{outcome.text}</p>
      {outcome.test && (
        <ol class="steps">
          {outcome.test.steps.map((s) => (
            <li class={s.ok ? "step--ok" : "step--failed"}>
              {s.ok ? "✓" : "✗"} {STEP_NAMES[s.step]}
              {s.message && !s.ok ? `: ${s.message}` : ""}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
