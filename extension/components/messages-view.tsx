/** E-mails read from the mailbox: processed, or failed with the Spanish reason for each. */
import { useEffect, useState } from "preact/hooks";
import type { MessageView, Page } from "../../shared/api-types.ts";
import type { ApiClient } from "../api-client.ts";
import { formatTime } from "../form/describe.ts";
import { Pager } from "./pager.tsx";

const PAGE_SIZE = 50;

export function MessagesView(props: {
  api: ApiClient;
  status: "processed" | "failed";
  onOpened?(): void;
}) {
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<Page<MessageView> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => setPage(1), [props.status]);
  useEffect(() => {
    const query = { status: props.status, page: String(page), pageSize: String(PAGE_SIZE) };
    props.api.messages(query).then(
      (r) => (setResult(r), setError(null), props.onOpened?.()),
      (e: Error) => setError(e.message),
    );
  }, [props.api, props.status, page, reload]);

  const retry = async (id: number) => {
    setNotice("Reintentando…");
    try {
      const result = await props.api.retryMessage(id);
      const processed = result.run ? result.run.processed > 0 : result.outcome === "processed";
      setNotice(
        processed ? "El correo se procesó de nuevo." : "Se reintentó; revisa el resultado.",
      );
    } catch (e) {
      setNotice((e as Error).message);
    }
    setReload((n) => n + 1);
  };

  if (error)
    return (
      <p class="status--error" role="alert">
        {error}
      </p>
    );
  if (!result) return <p>Cargando…</p>;
  return (
    <section aria-label={props.status === "failed" ? "Correos fallidos" : "Correos procesados"}>
      <table class="messages">
        <thead>
          <tr>
            <th>Recibido</th>
            <th>Remitente</th>
            <th>Asunto</th>
            {props.status === "failed" ? <th>Motivo</th> : <th class="num">Documentos</th>}
            {props.status === "failed" && <th />}
          </tr>
        </thead>
        <tbody>
          {result.items.map((m) => (
            <tr key={m.id} class={m.seen ? "" : "unseen"}>
              <td>{formatTime(m.receivedAt ?? m.createdAt)}</td>
              <td>{m.sender ?? "—"}</td>
              <td>{m.subject ?? "(sin asunto)"}</td>
              {props.status === "failed" ? (
                <td class="reason">{m.reason}</td>
              ) : (
                <td class="num">{m.documentsFound}</td>
              )}
              {props.status === "failed" && (
                <td>
                  <button type="button" onClick={() => void retry(m.id)}>
                    Reintentar
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {notice && <p role="status">{notice}</p>}
      {result.items.length === 0 && <p>No hay correos aquí.</p>}
      <Pager
        page={page}
        pageSize={result.pageSize}
        total={result.total}
        noun="correos"
        onPage={setPage}
      />
    </section>
  );
}
