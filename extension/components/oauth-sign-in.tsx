/**
 * Sign-in with Microsoft or Google for an OAuth mailbox, in place of the password fields. The API
 * runs the flow: the extension asks it to start, opens the provider's page in a new tab, and
 * polls the flow's status until it is done, failed or expired. Microsoft also offers a device
 * code (the user types it on Microsoft's page). Opening a tab closes the popup, so the pending
 * flow is kept (`pending`) and polling resumes when the popup opens again. A current sign-in can
 * be closed (oauth-sign-out.tsx). For a Microsoft shared mailbox the person signing in names
 * their own account (sign-in-account.tsx), which goes to Microsoft as `login_hint`.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { SignInView } from "../../shared/api-types.ts";
import {
  ApiError,
  type ApiClient,
  type OAuthProviderId,
  type ProviderAvailability,
} from "../api-client.ts";
import { OAuthSignOut } from "./oauth-sign-out.tsx";
import { delegateOf, loginHintFor, SignInAccountField } from "./sign-in-account.tsx";

export type OAuthApi = Pick<
  ApiClient,
  "oauthProviders" | "oauthStart" | "oauthStatus" | "oauthDevice" | "oauthSignOut"
>;

/** A flow started and not yet finished, kept across popup openings. */
export interface PendingFlow {
  provider: OAuthProviderId;
  state: string;
  kind: "code" | "device";
  userCode?: string;
  verificationUri?: string;
}

export interface PendingStore {
  get(): Promise<PendingFlow | null>;
  set(flow: PendingFlow | null): Promise<void>;
}

export interface OAuthSignInProps {
  api: OAuthApi;
  provider: OAuthProviderId;
  /** The mailbox address: login_hint, unless another account signs in (a shared mailbox). */
  mailbox: string;
  /** Opens the provider's page (browser.tabs.create in the popup). */
  openTab(url: string): void;
  /** The company's current sign-in, from /status. */
  signIn?: SignInView | null;
  pending?: PendingStore;
  /** Milliseconds between status polls. */
  pollMs?: number;
  /** After a sign-in completes or is closed, so status and badge follow. */
  onSignedIn?(): void;
}

export const PROVIDER_NAMES: Record<OAuthProviderId, string> = {
  microsoft: "Microsoft",
  google: "Google",
};

type View =
  | { kind: "idle" }
  | { kind: "waiting"; text: string; device?: { userCode: string; verificationUri: string } }
  | { kind: "done"; account: string | null }
  | { kind: "signed-out"; text: string }
  | { kind: "error"; text: string };

const errorText = (error: unknown) =>
  error instanceof ApiError ? error.message : "Ocurrió un error inesperado.";

export function OAuthSignIn(props: OAuthSignInProps) {
  const { api, provider, mailbox, openTab, signIn, pending, pollMs = 2000 } = props;
  const name = PROVIDER_NAMES[provider];
  const [availability, setAvailability] = useState<ProviderAvailability | null>(null);
  const [view, setView] = useState<View>({ kind: "idle" });
  // A delegate already on record (status arrives after the popup opens) fills the field.
  const [account, setAccount] = useState<string | null>(null);
  const recorded = signIn?.provider === provider ? signIn.account : null;
  const signingIn = account ?? delegateOf(mailbox, recorded);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);

  const stop = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };

  const poll = (flow: PendingFlow, every: number) => {
    stop();
    const tick = async () => {
      if (!alive.current) return;
      try {
        const status = await api.oauthStatus(flow.provider, flow.state);
        if (!alive.current) return;
        if (status.status === "pending") {
          timer.current = setTimeout(tick, every);
          return;
        }
        await pending?.set(null);
        if (status.status === "done") {
          setView({ kind: "done", account: status.account });
          props.onSignedIn?.();
        } else {
          setView({ kind: "error", text: status.message });
        }
      } catch (error) {
        await pending?.set(null);
        if (alive.current) setView({ kind: "error", text: errorText(error) });
      }
    };
    timer.current = setTimeout(tick, every);
  };

  const waitingText = `Esperando que termines de iniciar sesión con ${name}…`;

  useEffect(() => {
    alive.current = true;
    void api
      .oauthProviders()
      .then(({ providers }) => {
        if (alive.current) setAvailability(providers.find((p) => p.id === provider) ?? null);
      })
      .catch((error) => alive.current && setView({ kind: "error", text: errorText(error) }));
    void pending?.get().then((flow) => {
      if (!alive.current || !flow || flow.provider !== provider) return;
      const device =
        flow.userCode && flow.verificationUri
          ? { userCode: flow.userCode, verificationUri: flow.verificationUri }
          : undefined;
      setView({ kind: "waiting", text: waitingText, device });
      poll(flow, pollMs);
    });
    return () => {
      alive.current = false;
      stop();
    };
  }, [provider]);

  const start = async () => {
    setView({ kind: "waiting", text: `Abriendo la página de ${name}…` });
    try {
      // No returnTo: the API only sends back to an identity.launchWebAuthFlow page, and a tab
      // opened with tabs.create ends on the API's own «puedes cerrar esta pestaña» page.
      const loginHint = loginHintFor(mailbox, signingIn);
      const started = await api.oauthStart(provider, { loginHint });
      const flow: PendingFlow = { provider, state: started.state, kind: "code" };
      await pending?.set(flow);
      setView({ kind: "waiting", text: waitingText });
      poll(flow, pollMs);
      openTab(started.url);
    } catch (error) {
      setView({ kind: "error", text: errorText(error) });
    }
  };

  const startDevice = async () => {
    setView({ kind: "waiting", text: "Pidiendo un código a Microsoft…" });
    try {
      const device = await api.oauthDevice(provider);
      const flow: PendingFlow = {
        provider,
        state: device.state,
        kind: "device",
        userCode: device.userCode,
        verificationUri: device.verificationUri,
      };
      await pending?.set(flow);
      setView({
        kind: "waiting",
        text: waitingText,
        device: { userCode: device.userCode, verificationUri: device.verificationUri },
      });
      poll(flow, Math.max(pollMs, Math.min(device.interval * 1000, 10_000)));
    } catch (error) {
      setView({ kind: "error", text: errorText(error) });
    }
  };

  const enabled = availability?.enabled ?? false;
  const reason = availability && !availability.enabled ? availability.reason : null;
  const busy = view.kind === "waiting";
  const current = signIn && signIn.provider === provider ? signIn : null;
  const needsSignIn = current?.state === "needs_signin" && view.kind !== "done";
  // The provider refuses Buzón's app registration: the operator's to fix, not a new sign-in.
  const problem = view.kind === "idle" ? current?.problem : undefined;

  return (
    <section class="oauth-sign-in" aria-label={`Inicio de sesión con ${name}`}>
      {needsSignIn && (
        <p class="oauth-sign-in__again" role="alert">
          <strong>Vuelve a iniciar sesión.</strong> {name} ya no acepta la sesión guardada
          {current.account ? ` de ${current.account}` : ""}: Buzón no puede leer el buzón hasta que
          inicies sesión de nuevo.
        </p>
      )}
      {problem && (
        <p class="oauth-sign-in__problem" role="alert" data-code={problem.code}>
          <strong>Buzón no puede renovar el inicio de sesión.</strong> {problem.message}
        </p>
      )}
      {!needsSignIn && current && view.kind === "idle" && (
        <OAuthSignOut
          api={api}
          provider={provider}
          account={current.account}
          onSignedOut={(text) => {
            setView({ kind: "signed-out", text });
            props.onSignedIn?.();
          }}
        />
      )}
      <p class="note">
        Con OAuth 2.0 Buzón no pide ni guarda tu contraseña: inicias sesión en la página de {name} y
        Buzón recibe un permiso para leer el buzón.
      </p>
      {provider === "microsoft" && <SignInAccountField value={signingIn} onInput={setAccount} />}
      <div class="oauth-sign-in__actions">
        <button
          type="button"
          class="primary"
          onClick={start}
          disabled={!enabled || busy}
          aria-describedby={reason ? "oauth-reason" : undefined}
        >
          Iniciar sesión con {name}
        </button>
        {availability?.deviceCode && (
          <button type="button" onClick={startDevice} disabled={!enabled || busy}>
            Usar un código de dispositivo
          </button>
        )}
      </div>
      {reason && (
        <p class="oauth-sign-in__reason" id="oauth-reason">
          {reason}
        </p>
      )}
      {view.kind === "waiting" && (
        <div class="outcome outcome--busy" role="status">
          <p>{view.text}</p>
          {view.device && (
            <p class="oauth-sign-in__device">
              Abre{" "}
              <a
                href={view.device.verificationUri}
                onClick={(e) => (e.preventDefault(), openTab(view.device!.verificationUri))}
              >
                {view.device.verificationUri}
              </a>{" "}
              y escribe el código <code data-testid="device-code">{view.device.userCode}</code>
            </p>
          )}
        </div>
      )}
      {view.kind === "done" && (
        <p class="outcome outcome--ok" role="status">
          Sesión iniciada como {view.account ?? "tu cuenta"}.
          {view.account && delegateOf(mailbox, view.account)
            ? ` Buzón leerá el buzón compartido ${mailbox.trim()} con el permiso de esa cuenta.`
            : ""}
        </p>
      )}
      {view.kind === "signed-out" && (
        <p class="outcome outcome--ok" role="status">
          {view.text}
        </p>
      )}
      {view.kind === "error" && (
        <p class="outcome outcome--error" role="alert">
          {view.text}
        </p>
      )}
    </section>
  );
}
