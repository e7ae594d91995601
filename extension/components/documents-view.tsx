/** Received documents: filters, one page at a time from the API, files and a detail view. */
import { useEffect, useState } from "preact/hooks";
import type { DocumentSummary, Page } from "../../shared/api-types.ts";
import type { ApiClient, DocumentsQuery } from "../api-client.ts";
import { DocumentDetailView } from "./document-detail.tsx";
import { Pager } from "./pager.tsx";

const PAGE_SIZE = 25;
const KIND_NAMES: Record<string, string> = {
  invoice: "Factura",
  "credit-note": "Nota crédito",
  "debit-note": "Nota débito",
};

export const kindName = (kind: string) => KIND_NAMES[kind] ?? kind;

export async function downloadFile(api: ApiClient, doc: DocumentSummary, kind: "xml" | "pdf") {
  const blob = await api.file(doc.id, kind);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `${doc.number}.${kind}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

export function DocumentsView({ api }: { api: ApiClient }) {
  const [filters, setFilters] = useState<DocumentsQuery>({});
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<Page<DocumentSummary> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);

  useEffect(() => {
    const query = { ...filters, page: String(page), pageSize: String(PAGE_SIZE) };
    api.documents(query).then(
      (r) => (setResult(r), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [api, filters, page]);

  const applyFilters = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const next: DocumentsQuery = {};
    for (const [key, value] of data)
      if (String(value).trim()) next[key as "q"] = String(value).trim();
    setFilters(next);
    setPage(1);
  };

  return (
    <section aria-label="Documentos recibidos">
      <form class="filters" onSubmit={applyFilters}>
        <label>
          Desde <input type="date" name="from" />
        </label>
        <label>
          Hasta <input type="date" name="to" />
        </label>
        <label>
          NIT proveedor <input name="supplierNit" inputMode="numeric" />
        </label>
        <label>
          Tipo{" "}
          <select name="type">
            <option value="">Todos</option>
            {Object.entries(KIND_NAMES).map(([v, label]) => (
              <option value={v}>{label}</option>
            ))}
          </select>
        </label>
        <label>
          Texto <input name="q" placeholder="Número, proveedor o CUFE" />
        </label>
        <button type="submit">Filtrar</button>
      </form>
      {error && (
        <p class="status--error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          <table class="documents">
            <thead>
              <tr>
                <th>Tipo</th>
                <th>Número</th>
                <th>Proveedor</th>
                <th>NIT</th>
                <th>Fecha</th>
                <th class="num">Total</th>
                <th>Moneda</th>
                <th>Archivos</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((doc) => (
                <tr key={doc.id} data-document-id={doc.id}>
                  <td>{kindName(doc.kind)}</td>
                  <td>
                    <a href="#" onClick={(e) => (e.preventDefault(), setOpenId(doc.id))}>
                      {doc.number}
                    </a>
                  </td>
                  <td>{doc.supplierName ?? "—"}</td>
                  <td>{doc.supplierNit}</td>
                  <td>{doc.issueDate}</td>
                  <td class="num">{doc.payableAmount}</td>
                  <td>{doc.currency}</td>
                  <td>
                    <button type="button" onClick={() => downloadFile(api, doc, "xml")}>
                      XML
                    </button>{" "}
                    {doc.hasPdf && (
                      <button type="button" onClick={() => downloadFile(api, doc, "pdf")}>
                        PDF
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.items.length === 0 && <p>No hay documentos con estos filtros.</p>}
          <Pager
            page={page}
            pageSize={result.pageSize}
            total={result.total}
            noun="documentos"
            onPage={setPage}
          />
        </>
      )}
      {openId !== null && (
        <DocumentDetailView api={api} id={openId} onClose={() => setOpenId(null)} />
      )}
    </section>
  );
}
