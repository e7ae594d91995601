/** The dashboard page: received documents, and the e-mails processed and failed. */
import { useEffect, useMemo, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { createApiClient } from "../api-client.ts";
import type { BuzonMessage } from "../messages.ts";
import { connectionItem, type Connection } from "../storage.ts";
import { extensionUrl } from "../tabs.ts";
import { DocumentsView } from "./documents-view.tsx";
import { MessagesView } from "./messages-view.tsx";

const VIEWS = {
  documents: "Documentos recibidos",
  processed: "Correos procesados",
  failed: "Correos fallidos",
};
type View = keyof typeof VIEWS;

const viewOf = (hash: string): View =>
  hash.slice(1) in VIEWS ? (hash.slice(1) as View) : "documents";

/** Seen on the API first, so the badge clears on the next paint (the background re-polls). */
const markSeen = () =>
  browser.runtime.sendMessage({ type: "failures-opened" } satisfies BuzonMessage);

export function DashboardApp() {
  const [connection, setConnection] = useState<Connection | null | undefined>(undefined);
  const [view, setView] = useState<View>(viewOf(location.hash));
  const api = useMemo(
    () => connection && createApiClient(connection.apiUrl, connection.token),
    [connection],
  );

  useEffect(() => {
    void connectionItem.getValue().then(setConnection);
    const onHash = () => setView(viewOf(location.hash));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);

  if (connection === undefined) return null;
  if (!connection || !api) {
    return (
      <main class="dashboard">
        <p>
          Conecta la extensión con la API en <a href={extensionUrl("/options.html")}>Conectar</a>.
        </p>
      </main>
    );
  }
  return (
    <main class="dashboard">
      <header>
        <h1>Buzón · {connection.company?.name ?? "Documentos"}</h1>
        <nav class="tabs">
          {(Object.keys(VIEWS) as View[]).map((v) => (
            <a
              href={`#${v}`}
              class={v === view ? "active" : ""}
              aria-current={v === view ? "page" : undefined}
            >
              {VIEWS[v]}
            </a>
          ))}
        </nav>
      </header>
      {view === "documents" && <DocumentsView api={api} />}
      {view === "processed" && <MessagesView api={api} status="processed" />}
      {view === "failed" && (
        <MessagesView api={api} status="failed" onOpened={() => void markSeen()} />
      )}
    </main>
  );
}
