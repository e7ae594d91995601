// @vitest-environment happy-dom
/**
 * The popup form's OAuth part, against the real API client: `fetch` answers from a tiny fake API
 * with the JSON shapes of api/routes/oauth.ts and api/routes/providers.ts.
 */
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { h } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ReceptionConfigView, SignInView } from "../../shared/api-types.ts";
import { createApiClient } from "../../extension/api-client.ts";
import type { PendingFlow } from "../../extension/components/oauth-sign-in.tsx";
import { ReceptionPanel } from "../../extension/components/reception-panel.tsx";

const API = "http://127.0.0.1:8787";

type Handler = (url: URL, init: RequestInit) => { status?: number; body: unknown };

/** A fake API: routes by "METHOD /path"; records every request. */
function fakeApi(routes: Record<string, Handler>) {
  const calls: { method: string; url: URL }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const request = input instanceof Request ? input : null;
    const url = new URL(request ? request.url : String(input));
    const method = (init.method ?? request?.method ?? "GET").toUpperCase();
    calls.push({ method, url });
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) {
      const error = { code: "NOT_FOUND", message: "No existe." };
      return Response.json({ error }, { status: 404 });
    }
    const { status = 200, body } = handler(url, init);
    return Response.json(body, { status });
  });
  vi.stubGlobal("fetch", fetch);
  return { calls, client: createApiClient(API, "token-de-prueba") };
}

const PROVIDERS = {
  providers: [
    {
      id: "microsoft",
      serverType: "oauth-microsoft",
      enabled: true,
      reason: null,
      deviceCode: true,
    },
    {
      id: "google",
      serverType: "oauth-google",
      enabled: false,
      reason:
        "No disponible: el administrador de Buzón debe crear el cliente OAuth en Google Cloud.",
      deviceCode: false,
    },
  ],
};

const STATE = "estado-de-prueba-0123456789abcdef";
const SIGN_IN_URL = "http://127.0.0.1:9/common/oauth2/v2.0/authorize?state=" + STATE;

function status(status: "pending" | "done" | "failed", extra: object = {}) {
  return {
    state: STATE,
    provider: "microsoft",
    status,
    account: status === "done" ? "recepcion@empresa.com.co" : null,
    code: null,
    message: "Esperando que termines de iniciar sesión en la página del proveedor.",
    ...extra,
  };
}

/** Answers `pending` `pendingPolls` times, then `final`. */
function polling(pendingPolls: number, final: object): Handler {
  let polls = 0;
  return () => ({ body: polls++ < pendingPolls ? status("pending") : final });
}

const input = (label: string) =>
  screen.getByLabelText(new RegExp(`^${label}\\*?$`)) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.input(input(label), { target: { value } });
const choose = (label: string, value: string) =>
  fireEvent.change(input(label), { target: { value } });

function renderPanel(
  client: ReturnType<typeof createApiClient>,
  props: Partial<Parameters<typeof ReceptionPanel>[0]> = {},
) {
  const openTab = vi.fn();
  render(
    h(ReceptionPanel, {
      api: client,
      saved: null,
      detected: null,
      openTab,
      pollMs: 5,
      suggestDelayMs: 5,
      ...props,
    }),
  );
  return { openTab };
}

beforeEach(() => {
  vi.unstubAllGlobals();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("OAuth sign-in in the reception form", () => {
  it("hides the password fields for an OAuth server type and shows the provider's button", async () => {
    const { client } = fakeApi({ "GET /api/v1/oauth/providers": () => ({ body: PROVIDERS }) });
    renderPanel(client);
    expect(input("Contraseña")).toBeTruthy();

    choose("Tipo de Servidor", "oauth-microsoft");
    const button = await screen.findByRole("button", { name: "Iniciar sesión con Microsoft" });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByLabelText(/^Contraseña\*?$/)).toBeNull();
    expect(screen.queryByLabelText(/^Confirmar Contraseña\*?$/)).toBeNull();
    expect(screen.getByRole("button", { name: "Usar un código de dispositivo" })).toBeTruthy();

    choose("Tipo de Servidor", "basic");
    expect(input("Contraseña")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Iniciar sesión con Microsoft" })).toBeNull();
  });

  it("disables the button with the API's Spanish reason when the provider is not configured", async () => {
    const { client } = fakeApi({ "GET /api/v1/oauth/providers": () => ({ body: PROVIDERS }) });
    renderPanel(client);
    choose("Tipo de Servidor", "oauth-google");

    await screen.findByText(/debe crear el cliente OAuth en Google Cloud/);
    const button = screen.getByRole("button", { name: "Iniciar sesión con Google" });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByRole("button", { name: "Usar un código de dispositivo" })).toBeNull();
  });

  it("starts the sign-in, opens the provider's page and shows the account once done", async () => {
    const { client, calls } = fakeApi({
      "GET /api/v1/oauth/providers": () => ({ body: PROVIDERS }),
      "GET /api/v1/oauth/microsoft/start": () => ({
        body: { url: SIGN_IN_URL, state: STATE, expiresAt: "2026-12-04T18:00:00Z" },
      }),
      "GET /api/v1/oauth/microsoft/status": polling(2, status("done")),
    });
    const { openTab } = renderPanel(client);
    type("Usuario", "recepcion@empresa.com.co");
    choose("Tipo de Servidor", "oauth-microsoft");
    const button = await screen.findByRole("button", { name: "Iniciar sesión con Microsoft" });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));

    fireEvent.click(button);
    await screen.findByText("Sesión iniciada como recepcion@empresa.com.co.");
    expect(openTab).toHaveBeenCalledWith(SIGN_IN_URL);

    const start = calls.find((c) => c.url.pathname.endsWith("/start"))!;
    expect(start.url.searchParams.get("loginHint")).toBe("recepcion@empresa.com.co");
    expect(start.url.searchParams.has("returnTo")).toBe(false);
    const polls = calls.filter((c) => c.url.pathname.endsWith("/status"));
    expect(polls).toHaveLength(3);
    expect(polls[0]!.url.searchParams.get("state")).toBe(STATE);
  });

  it("shows the API's Spanish reason when the sign-in fails or expires", async () => {
    const expired = "El inicio de sesión tardó demasiado y venció. Inténtalo de nuevo.";
    const { client } = fakeApi({
      "GET /api/v1/oauth/providers": () => ({ body: PROVIDERS }),
      "GET /api/v1/oauth/microsoft/start": () => ({
        body: { url: SIGN_IN_URL, state: STATE, expiresAt: "2026-12-04T18:00:00Z" },
      }),
      "GET /api/v1/oauth/microsoft/status": polling(1, {
        ...status("failed"),
        code: "expired",
        message: expired,
      }),
    });
    renderPanel(client);
    choose("Tipo de Servidor", "oauth-microsoft");
    const button = await screen.findByRole("button", { name: "Iniciar sesión con Microsoft" });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);

    await screen.findByText(expired);
    expect(screen.queryByText(/Sesión iniciada/)).toBeNull();
  });

  it("shows Microsoft's device code and verification page, then the account", async () => {
    const { client, calls } = fakeApi({
      "GET /api/v1/oauth/providers": () => ({ body: PROVIDERS }),
      "POST /api/v1/oauth/microsoft/device": () => ({
        status: 201,
        body: {
          state: STATE,
          userCode: "ABCD-1234",
          verificationUri: "https://microsoft.com/devicelogin",
          expiresAt: "2026-12-04T18:00:00Z",
          interval: 0,
          message: null,
        },
      }),
      "GET /api/v1/oauth/microsoft/status": polling(3, status("done")),
    });
    const { openTab } = renderPanel(client);
    choose("Tipo de Servidor", "oauth-microsoft");
    const device = await screen.findByRole("button", { name: "Usar un código de dispositivo" });
    await waitFor(() => expect((device as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(device);

    expect((await screen.findByTestId("device-code")).textContent).toBe("ABCD-1234");
    const link = screen.getByRole("link", { name: "https://microsoft.com/devicelogin" });
    fireEvent.click(link);
    expect(openTab).toHaveBeenCalledWith("https://microsoft.com/devicelogin");

    await screen.findByText("Sesión iniciada como recepcion@empresa.com.co.");
    expect(calls.some((c) => c.method === "POST" && c.url.pathname.endsWith("/device"))).toBe(true);
  });

  it("resumes polling a sign-in started before the popup closed", async () => {
    const { client } = fakeApi({
      "GET /api/v1/oauth/providers": () => ({ body: PROVIDERS }),
      "GET /api/v1/oauth/microsoft/status": polling(1, status("done")),
    });
    let kept: PendingFlow | null = { provider: "microsoft", state: STATE, kind: "code" };
    const pendingSignIn = {
      get: async () => kept,
      set: async (flow: PendingFlow | null) => void (kept = flow),
    };
    renderPanel(client, { saved: savedOAuth(), pendingSignIn });

    await screen.findByText("Sesión iniciada como recepcion@empresa.com.co.");
    expect(kept).toBeNull();
  });

  it("asks to sign in again when the status says needs_signin", async () => {
    const { client } = fakeApi({ "GET /api/v1/oauth/providers": () => ({ body: PROVIDERS }) });
    const signIn: SignInView = {
      provider: "microsoft",
      account: "recepcion@empresa.com.co",
      state: "needs_signin",
      refreshedAt: "2026-09-01T12:00:00Z",
      inactivityLimitInDays: 0,
    };
    renderPanel(client, { saved: savedOAuth(), signIn });

    expect(screen.getByText("Vuelve a iniciar sesión.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Iniciar sesión con Microsoft" })).toBeTruthy();
    expect(screen.queryByLabelText(/^Contraseña\*?$/)).toBeNull();
  });
});

describe("a sign-in the provider refuses for Buzón's app registration", () => {
  it("shows the operator's message and code instead of asking the user to sign in again", async () => {
    const { client } = fakeApi({ "GET /api/v1/oauth/providers": () => ({ body: PROVIDERS }) });
    const message =
      "Microsoft rechazó las credenciales de la aplicación Buzón: el secreto de cliente de su " +
      "registro venció o no es válido. El administrador de Buzón debe crear un secreto nuevo.";
    const signIn: SignInView = {
      provider: "microsoft",
      account: "recepcion@empresa.com.co",
      state: "client_rejected",
      problem: { code: "OAUTH_CLIENT_INVALID", message },
      refreshedAt: "2026-09-01T12:00:00Z",
      inactivityLimitInDays: 80,
    };
    renderPanel(client, { saved: savedOAuth(), signIn });

    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Buzón no puede renovar el inicio de sesión.");
    expect(alert.textContent).toContain(message);
    expect(alert.getAttribute("data-code")).toBe("OAUTH_CLIENT_INVALID");
    expect(screen.queryByText("Vuelve a iniciar sesión.")).toBeNull();
    expect(screen.getByText("Sesión iniciada como recepcion@empresa.com.co.")).toBeTruthy();
  });
});

describe("closing the sign-in", () => {
  const ACCOUNT = "recepcion@empresa.com.co";
  const active: SignInView = {
    provider: "microsoft",
    account: ACCOUNT,
    state: "active",
    refreshedAt: "2026-09-01T12:00:00Z",
    inactivityLimitInDays: 88,
  };
  const closed =
    "Sesión cerrada: Buzón borró sus tokens. Microsoft no permite que una aplicación anule su " +
    "propio permiso.";

  it("asks first, then forgets the sign-in and says what Buzón did", async () => {
    const { client, calls } = fakeApi({
      "GET /api/v1/oauth/providers": () => ({ body: PROVIDERS }),
      "DELETE /api/v1/oauth/microsoft": () => ({
        body: {
          provider: "microsoft",
          account: ACCOUNT,
          revocation: "not_supported",
          message: closed,
        },
      }),
    });
    const onChanged = vi.fn();
    renderPanel(client, { saved: savedOAuth(), signIn: active, onChanged });
    const deletes = () => calls.filter((c) => c.method === "DELETE");

    expect(screen.getByText(`Sesión iniciada como ${ACCOUNT}.`)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Cerrar sesión" }));
    expect(screen.getByRole("alertdialog").textContent).toContain(
      `¿Cerrar la sesión de ${ACCOUNT}?`,
    );
    fireEvent.click(screen.getByRole("button", { name: "Cancelar" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(deletes()).toHaveLength(0);

    fireEvent.click(screen.getByRole("button", { name: "Cerrar sesión" }));
    fireEvent.click(screen.getByRole("button", { name: "Sí, cerrar sesión" }));
    await screen.findByText(closed);
    expect(deletes()).toHaveLength(1);
    expect(deletes()[0]!.url.pathname).toBe("/api/v1/oauth/microsoft");
    expect(screen.queryByText(`Sesión iniciada como ${ACCOUNT}.`)).toBeNull();
    expect(screen.queryByRole("button", { name: "Cerrar sesión" })).toBeNull();
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it("keeps the sign-in and shows the API's Spanish reason when closing fails", async () => {
    const reason = "No hay una sesión iniciada con ese proveedor.";
    const { client } = fakeApi({
      "GET /api/v1/oauth/providers": () => ({ body: PROVIDERS }),
      "DELETE /api/v1/oauth/microsoft": () => ({
        status: 404,
        body: { error: { code: "NOT_FOUND", message: reason } },
      }),
    });
    renderPanel(client, { saved: savedOAuth(), signIn: active });

    fireEvent.click(screen.getByRole("button", { name: "Cerrar sesión" }));
    fireEvent.click(screen.getByRole("button", { name: "Sí, cerrar sesión" }));
    await screen.findByText(reason);
    expect(screen.getByText(`Sesión iniciada como ${ACCOUNT}.`)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Cerrar sesión" })).toBeTruthy();
  });

  it("offers no sign-out for another provider's sign-in", async () => {
    const { client } = fakeApi({ "GET /api/v1/oauth/providers": () => ({ body: PROVIDERS }) });
    renderPanel(client, { saved: savedOAuth(), signIn: { ...active, provider: "google" } });
    expect(screen.queryByRole("button", { name: "Cerrar sesión" })).toBeNull();
  });
});

describe("a Microsoft 365 shared mailbox", () => {
  const SHARED = "facturas@empresa.com.co";
  const PERSON = "ana.perez@empresa.com.co";
  const ACCOUNT_LABEL = "Cuenta que inicia sesión (si el buzón es compartido)";
  const accountInput = () => screen.getByLabelText(ACCOUNT_LABEL) as HTMLInputElement;

  function signInApi() {
    return fakeApi({
      "GET /api/v1/oauth/providers": () => ({ body: PROVIDERS }),
      "GET /api/v1/oauth/microsoft/start": () => ({
        body: { url: SIGN_IN_URL, state: STATE, expiresAt: "2026-12-04T18:00:00Z" },
      }),
      "GET /api/v1/oauth/microsoft/status": polling(0, status("done", { account: PERSON })),
    });
  }

  async function clickSignIn() {
    const button = await screen.findByRole("button", { name: "Iniciar sesión con Microsoft" });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);
  }

  it("sends the account that signs in as login_hint, not the shared address", async () => {
    const { client, calls } = signInApi();
    renderPanel(client);
    type("Usuario", SHARED);
    choose("Tipo de Servidor", "oauth-microsoft");
    fireEvent.input(accountInput(), { target: { value: ` ${PERSON} ` } });
    await clickSignIn();

    await screen.findByText(new RegExp(`^Sesión iniciada como ${PERSON}\\.`));
    expect(
      screen.getByText(/Buzón leerá el buzón compartido facturas@empresa\.com\.co/),
    ).toBeTruthy();
    const start = calls.find((c) => c.url.pathname.endsWith("/start"))!;
    expect(start.url.searchParams.get("loginHint")).toBe(PERSON);
    // The form's «Usuario» stays the shared mailbox.
    expect(input("Usuario").value).toBe(SHARED);
  });

  it("keeps the mailbox address as login_hint while the field is empty", async () => {
    const { client, calls } = signInApi();
    renderPanel(client);
    type("Usuario", SHARED);
    choose("Tipo de Servidor", "oauth-microsoft");
    expect(accountInput().value).toBe("");
    await clickSignIn();

    await screen.findByText(new RegExp(`^Sesión iniciada como ${PERSON}`));
    const start = calls.find((c) => c.url.pathname.endsWith("/start"))!;
    expect(start.url.searchParams.get("loginHint")).toBe(SHARED);
  });

  it("fills the field with the delegate already signed in, for signing in again", async () => {
    const { client, calls } = signInApi();
    const signIn: SignInView = {
      provider: "microsoft",
      account: PERSON,
      state: "needs_signin",
      refreshedAt: "2026-09-01T12:00:00Z",
      inactivityLimitInDays: 0,
    };
    renderPanel(client, { saved: { ...savedOAuth(), username: SHARED }, signIn });
    expect(accountInput().value).toBe(PERSON);
    await clickSignIn();

    await screen.findByText(new RegExp(`^Sesión iniciada como ${PERSON}`));
    const start = calls.find((c) => c.url.pathname.endsWith("/start"))!;
    expect(start.url.searchParams.get("loginHint")).toBe(PERSON);
  });

  it("offers the field only for Microsoft", () => {
    const { client } = signInApi();
    renderPanel(client);
    choose("Tipo de Servidor", "oauth-google");
    expect(screen.queryByLabelText(ACCOUNT_LABEL)).toBeNull();
  });
});

describe("suggestions from /providers/suggest", () => {
  const discovery = (overrides: object = {}) => ({
    email: "recepcion@empresa.com.co",
    domain: "empresa.com.co",
    protocol: "imap",
    provider: "microsoft365",
    name: "Microsoft 365",
    host: "outlook.office365.com",
    port: 993,
    security: "ssl",
    serverType: "oauth-microsoft",
    serverTypeRequired: true,
    note: null,
    origin: { host: "mx", port: "mx", security: "mx", serverType: "mx" },
    steps: [],
    ...overrides,
  });

  it("fills server, port, security and the OAuth type for a Microsoft 365 domain, saying why", async () => {
    const { client, calls } = fakeApi({
      "GET /api/v1/oauth/providers": () => ({ body: PROVIDERS }),
      "GET /api/v1/providers/suggest": () => ({ body: discovery() }),
    });
    renderPanel(client);
    type("Usuario", "recepcion@empresa.com.co");

    await waitFor(() => expect(input("Servidor").value).toBe("outlook.office365.com"));
    expect(input("Puerto").value).toBe("993");
    expect(input("Tipo de Servidor").value).toBe("oauth-microsoft");
    // Servidor, Puerto, Protocolo de Seguridad and Tipo de Servidor (with the why after it).
    const hints = screen.getAllByText(/^Sugerido según tu correo \(registro MX de tu dominio\)\./);
    expect(hints).toHaveLength(4);
    expect(screen.getByText(/Microsoft ya no acepta contraseñas en IMAP ni POP/)).toBeTruthy();
    expect(screen.queryByLabelText(/^Contraseña\*?$/)).toBeNull();

    const suggest = calls.filter((c) => c.url.pathname === "/api/v1/providers/suggest");
    expect(suggest).toHaveLength(1);
    expect(suggest[0]!.url.searchParams.get("email")).toBe("recepcion@empresa.com.co");
    expect(suggest[0]!.url.searchParams.get("protocol")).toBe("imap");
  });

  it("keeps what the user typed and asks once the typing stops", async () => {
    const { client, calls } = fakeApi({
      "GET /api/v1/oauth/providers": () => ({ body: PROVIDERS }),
      "GET /api/v1/providers/suggest": () => ({ body: discovery() }),
    });
    renderPanel(client, { suggestDelayMs: 30 });
    type("Servidor", "imap.empresa.com.co");
    choose("Tipo de Servidor", "basic");
    for (const partial of ["recepcion@e", "recepcion@empresa.co", "recepcion@empresa.com.co"]) {
      type("Usuario", partial);
    }

    await waitFor(() => expect(input("Puerto").value).toBe("993"));
    expect(input("Servidor").value).toBe("imap.empresa.com.co");
    expect(input("Tipo de Servidor").value).toBe("basic");
    expect(calls.filter((c) => c.url.pathname === "/api/v1/providers/suggest")).toHaveLength(1);
  });
});

function savedOAuth(): ReceptionConfigView {
  return {
    serverType: "oauth-microsoft",
    protocol: "imap",
    host: "outlook.office365.com",
    port: 993,
    security: "ssl",
    username: "recepcion@empresa.com.co",
    passwordSet: false,
    passwordExpiresOn: null,
    notificationEmail: null,
    backupEmail: null,
    folders: { inbox: "INBOX", processed: "Procesados", failed: "Fallidos" },
    tlsCa: null,
    updatedAt: "2026-12-01T12:00:00Z",
  };
}
