/**
 * First run (the options page): the API address and the company's token, checked against
 * /api/v1/health and /api/v1/company. Host access is asked for that one origin, at that moment.
 */
import { useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { ApiError, createApiClient, normalizeApiUrl, originPattern } from "../api-client.ts";
import { connectionItem, DEFAULT_API_URL, type Connection } from "../storage.ts";
import { extensionUrl } from "../tabs.ts";

type Outcome = { kind: "ok" | "error" | "busy"; text: string } | null;

async function connect(apiUrl: string, token: string): Promise<Connection> {
  const api = createApiClient(apiUrl, token);
  await api.health();
  try {
    return { apiUrl, token, company: await api.company() };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      throw new ApiError("UNAUTHORIZED", "La API rechazó el token: revísalo o pide uno nuevo.");
    }
    throw error;
  }
}

async function dropOldPermission(previous: Connection | null, apiUrl: string): Promise<void> {
  if (!previous || originPattern(previous.apiUrl) === originPattern(apiUrl)) return;
  await browser.permissions.remove({ origins: [originPattern(previous.apiUrl)] }).catch(() => {});
}

export function ConnectApp() {
  const [apiUrl, setApiUrl] = useState(DEFAULT_API_URL);
  const [token, setToken] = useState("");
  const [current, setCurrent] = useState<Connection | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  useEffect(() => {
    void connectionItem.getValue().then((saved) => {
      if (!saved) return;
      setCurrent(saved);
      setApiUrl(saved.apiUrl);
    });
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const url = normalizeApiUrl(apiUrl);
    if (!url)
      return setOutcome({ kind: "error", text: "Escribe una dirección http:// o https://." });
    if (token.trim() === "") return setOutcome({ kind: "error", text: "Escribe el token." });

    // Asked first, while the click still counts as the user's gesture.
    const granted = await browser.permissions.request({ origins: [originPattern(url)] });
    if (!granted) {
      const text = `Sin permiso para ${new URL(url).origin}, la extensión no puede llamar a la API.`;
      return setOutcome({ kind: "error", text });
    }

    setOutcome({ kind: "busy", text: "Comprobando…" });
    try {
      const connection = await connect(url, token.trim());
      await dropOldPermission(current, url);
      await connectionItem.setValue(connection);
      setCurrent(connection);
      setToken("");
      setOutcome({ kind: "ok", text: `Conectado a ${url}.` });
    } catch (error) {
      setOutcome({ kind: "error", text: error instanceof Error ? error.message : String(error) });
    }
  };

  const company = current?.company;
  return (
    <main class="connect">
      <h1>Conectar Buzón</h1>
      <p>
        Escribe la dirección de la API de Buzón de tu empresa y el token que te entregaron. La
        extensión solo tendrá acceso a esa dirección.
      </p>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="api-url">Dirección de la API</label>
          <input
            id="api-url"
            type="url"
            value={apiUrl}
            onInput={(e) => setApiUrl(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="api-token">Token de la empresa</label>
          <input
            id="api-token"
            type="password"
            autocomplete="off"
            placeholder={current ? "(guardado; escribe uno nuevo para cambiarlo)" : ""}
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="primary">
          Conectar
        </button>
      </form>
      {outcome && (
        <p class={`outcome outcome--${outcome.kind}`} role="status" data-testid="connect-outcome">
          {outcome.text}
        </p>
      )}
      {current && (
        <section class="connected">
          <h2>Conexión actual</h2>
          <p>API: {current.apiUrl}</p>
          <p>
            Empresa: {company?.name ?? "sin nombre"}
            {company?.nit ? ` · NIT ${company.nit}-${company.dv}` : ""}
          </p>
          <p>
            Abre el ícono de Buzón en la barra del navegador para configurar el correo de recepción,
            o el <a href={extensionUrl("/dashboard.html")}>tablero de documentos</a>.
          </p>
        </section>
      )}
    </main>
  );
}
