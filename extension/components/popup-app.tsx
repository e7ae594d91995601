/** The toolbar popup: connection check, the reception form, and the status below it. */
import { useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import type { ReceptionConfigView } from "../../shared/api-types.ts";
import type { DetectedSettings } from "../../shared/settings-page/index.ts";
import { ApiError, createApiClient, type ApiClient } from "../api-client.ts";
import type { BuzonMessage } from "../messages.ts";
import {
  connectionItem,
  pendingSignInItem,
  statusItem,
  type Connection,
  type StatusSnapshot,
} from "../storage.ts";
import { activeTabId, findTabSettings, openDashboard } from "../tabs.ts";
import { ReceptionPanel } from "./reception-panel.tsx";
import { StatusPanel } from "./status-panel.tsx";

const refresh = () =>
  browser.runtime.sendMessage({ type: "refresh-status" } satisfies BuzonMessage);

const pendingSignIn = {
  get: () => pendingSignInItem.getValue(),
  set: (flow: Parameters<typeof pendingSignInItem.setValue>[0]) => pendingSignInItem.setValue(flow),
};
const openTab = (url: string) => void browser.tabs.create({ url });

type Loaded = { connection: Connection; api: ApiClient; saved: ReceptionConfigView | null };

async function loadSaved(api: ApiClient): Promise<ReceptionConfigView | null> {
  try {
    return await api.readConfig();
  } catch (error) {
    if (error instanceof ApiError && error.code === "NOT_CONFIGURED") return null;
    throw error;
  }
}

export function PopupApp() {
  const [loaded, setLoaded] = useState<Loaded | null | "none">(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [snapshot, setSnapshot] = useState<StatusSnapshot | null>(null);
  const [detected, setDetected] = useState<DetectedSettings | null>(null);

  useEffect(() => {
    void statusItem.getValue().then(setSnapshot);
    const unwatch = statusItem.watch(setSnapshot);
    void refresh().catch(() => {});
    void activeTabId()
      .then((id) => (id === null ? null : findTabSettings(id)))
      .then(setDetected);

    void connectionItem.getValue().then(async (connection) => {
      if (!connection) return setLoaded("none");
      const api = createApiClient(connection.apiUrl, connection.token);
      try {
        setLoaded({ connection, api, saved: await loadSaved(api) });
      } catch (error) {
        setLoadError(error instanceof Error ? error.message : String(error));
      }
    });
    return unwatch;
  }, []);

  if (loaded === "none") {
    return (
      <main class="popup">
        <h1>Buzón</h1>
        <p>Conecta la extensión con la API de Buzón de tu empresa para empezar.</p>
        <button type="button" class="primary" onClick={() => browser.runtime.openOptionsPage()}>
          Conectar
        </button>
      </main>
    );
  }
  return (
    <main class="popup">
      <header>
        <h1>Buzón</h1>
        {loaded && <span class="company">{loaded.connection.company?.name ?? ""}</span>}
      </header>
      {loadError && <p class="status status--error">{loadError}</p>}
      {loaded && (
        <ReceptionPanel
          api={loaded.api}
          saved={loaded.saved}
          detected={detected}
          onChanged={refresh}
          signIn={snapshot?.status?.signIn ?? null}
          openTab={openTab}
          pendingSignIn={pendingSignIn}
        />
      )}
      <StatusPanel snapshot={snapshot} onOpenDashboard={openDashboard} />
    </main>
  );
}
