/**
 * The popup's working part: detected values on top, the form validated live, and the three
 * buttons (Probar conexión, Guardar, Procesar ahora) with their outcome. Talks to the API only
 * through the client it is given, so a test can hand it a fake one.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import type {
  ConnectionTestResult,
  ReceptionConfigView,
  SignInView,
} from "../../shared/api-types.ts";
import type { ReceptionFieldName } from "../../shared/reception-config.ts";
import type { DetectedSettings } from "../../shared/settings-page/index.ts";
import { ApiError, type ApiClient } from "../api-client.ts";
import { STEP_NAMES, describeRun, describeTest } from "../form/describe.ts";
import {
  applyDetected,
  applySuggestion,
  errorsByField,
  initialState,
  rememberDetected,
  setField,
  toPayload,
  validateForm,
  type FieldErrors,
} from "../form/form-state.ts";
import { DetectedBanner } from "./detected-banner.tsx";
import { OAuthSignIn, type OAuthApi, type PendingStore } from "./oauth-sign-in.tsx";
import { ReceptionForm } from "./reception-form.tsx";

/** The OAuth and discovery calls are optional: without them the form works as before. */
export type ReceptionApi = Pick<ApiClient, "testConnection" | "saveConfig" | "runNow"> &
  Partial<OAuthApi & Pick<ApiClient, "suggestProvider">>;

export interface ReceptionPanelProps {
  api: ReceptionApi;
  saved: ReceptionConfigView | null;
  detected: DetectedSettings | null;
  /** After a save or a run, so the badge and status follow. */
  onChanged?(): void;
  /** The company's OAuth sign-in from /status (needs_signin asks to sign in again). */
  signIn?: SignInView | null;
  /** Opens a provider's sign-in page in a new tab. */
  openTab?(url: string): void;
  /** Keeps a started sign-in while the popup is closed. */
  pendingSignIn?: PendingStore;
  /** Quiet time after typing the address before asking /providers/suggest. */
  suggestDelayMs?: number;
  pollMs?: number;
}

const providerOf = (serverType: string) =>
  serverType === "oauth-microsoft" ? "microsoft" : serverType === "oauth-google" ? "google" : null;

/** Worth asking the API about: something@domain.tld. */
const looksLikeAddress = (value: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value.trim());

type Outcome = { kind: "ok" | "error" | "busy"; text: string; test?: ConnectionTestResult };

export function ReceptionPanel(props: ReceptionPanelProps) {
  const { api, saved, detected, onChanged } = props;
  const [state, setState] = useState(() => rememberDetected(initialState(saved), detected));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [changed, setChanged] = useState<string[] | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  // Values found on the page can arrive after the popup opened (an injected reader).
  useEffect(() => setState((s) => rememberDetected(s, detected)), [detected]);

  // The API knows more providers than the bundled list (autoconfig, SRV, MX): ask it once the
  // user stops typing the address, and keep its answer only if the address is still the same.
  const { username, protocol } = state.values;
  useEffect(() => {
    const suggestProvider = api.suggestProvider;
    if (!suggestProvider || !looksLikeAddress(username)) return;
    let current = true;
    const timer = setTimeout(() => {
      suggestProvider(username.trim(), protocol as "imap" | "pop3")
        .then((found) => {
          if (!current) return;
          setState((s) =>
            s.values.username === username && s.values.protocol === protocol
              ? applySuggestion(s, found)
              : s,
          );
        })
        // Unknown providers answer 404: the user types the server, as before.
        .catch(() => {});
    }, props.suggestDelayMs ?? 500);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [username, protocol]);

  const liveErrors = useMemo(() => validateForm(state), [state]);
  // A connection test does not depend on the expiry date, as the API does not check it there.
  const testErrors = useMemo(() => validateForm(state, { forTest: true }), [state]);
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

  /** `blocking`: the form errors that stop this action (null: it needs no valid form). */
  const act = async (name: string, work: () => Promise<Outcome>, blocking: FieldErrors | null) => {
    setShowAll(blocking !== null);
    if (blocking && Object.keys(blocking).length > 0) {
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
      testErrors,
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
      liveErrors,
    );
  const runNow = () =>
    act(
      "Procesando el buzón",
      async () => {
        const run = await api.runNow();
        onChanged?.();
        return { kind: run.status === "failed" ? "error" : "ok", text: describeRun(run) };
      },
      null,
    );

  const oauthProvider = providerOf(state.values.serverType);
  const oauthApi = api as Partial<OAuthApi>;
  const signInView = () => {
    if (!oauthProvider) return null;
    if (!oauthApi.oauthProviders || !oauthApi.oauthStart) {
      return <p class="note">El inicio de sesión no está disponible en esta versión de la API.</p>;
    }
    return (
      <OAuthSignIn
        api={oauthApi as OAuthApi}
        provider={oauthProvider}
        mailbox={state.values.username}
        openTab={props.openTab ?? ((url) => window.open(url, "_blank", "noopener"))}
        signIn={props.signIn}
        pending={props.pendingSignIn}
        pollMs={props.pollMs}
        onSignedIn={onChanged}
      />
    );
  };

  return (
    <div class="reception-panel">
      {detected && <DetectedBanner detected={detected} changed={changed} onApply={useDetected} />}
      <ReceptionForm
        state={state}
        errors={shown}
        onChange={change}
        onBlur={blur}
        signIn={signInView()}
      />
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
