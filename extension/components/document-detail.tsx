/** One document: parties, totals, taxes and DIAN's validation, as the API's reader extracted them. */
import { useEffect, useState } from "preact/hooks";
import type { DocumentDetail } from "../../shared/api-types.ts";
import type { ApiClient } from "../api-client.ts";
import { downloadFile, kindName } from "./documents-view.tsx";

interface Party {
  id: string;
  declaredDv: string | null;
  registrationName: string | null;
  tradeName: string | null;
}
interface TaxLine {
  code: string | null;
  name: string | null;
  amount: string;
  taxableAmount: string | null;
  percent: string | null;
}
/** The part of the reader's extraction (api/dian/types.ts, DianDocument) shown here. */
interface Details {
  supplier?: Party;
  customer?: Party;
  totals?: Record<string, string | null>;
  taxes?: TaxLine[];
  withholdings?: TaxLine[];
  validation?: {
    resultCode: string | null;
    validationDate: string | null;
    validationTime: string | null;
    responseCode: string | null;
    responseDescription: string | null;
  } | null;
}

const TOTAL_NAMES: Record<string, string> = {
  lineExtension: "Subtotal",
  taxExclusive: "Base gravable",
  taxInclusive: "Total con impuestos",
  allowanceTotal: "Descuentos",
  chargeTotal: "Cargos",
  prepaid: "Anticipos",
  payableRounding: "Redondeo",
  payable: "Total a pagar",
};

function PartyView({ title, party }: { title: string; party?: Party }) {
  if (!party) return null;
  return (
    <div class="party">
      <h4>{title}</h4>
      <p>{party.registrationName ?? party.tradeName ?? "—"}</p>
      <p>
        NIT {party.id}
        {party.declaredDv ? `-${party.declaredDv}` : ""}
      </p>
    </div>
  );
}

function TaxesView({ title, lines }: { title: string; lines?: TaxLine[] }) {
  if (!lines?.length) return null;
  return (
    <>
      <h4>{title}</h4>
      <table class="taxes">
        <tbody>
          {lines.map((t) => (
            <tr>
              <td>{t.name ?? t.code}</td>
              <td>{t.percent ? `${t.percent} %` : ""}</td>
              <td class="num">{t.taxableAmount ?? ""}</td>
              <td class="num">{t.amount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function DocumentDetailView(props: { api: ApiClient; id: number; onClose(): void }) {
  const [doc, setDoc] = useState<DocumentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    props.api.document(props.id).then(setDoc, (e: Error) => setError(e.message));
  }, [props.id]);

  if (error) return <aside class="detail status--error">{error}</aside>;
  if (!doc) return <aside class="detail">Cargando…</aside>;
  const details = (doc.details ?? {}) as Details;
  const validation = details.validation;
  return (
    <aside class="detail" aria-label="Detalle del documento">
      <button type="button" class="close" onClick={props.onClose}>
        Cerrar
      </button>
      <h3>
        {kindName(doc.kind)} {doc.number}
      </h3>
      <p class="cufe">CUFE/CUDE: {doc.cufe}</p>
      <p>
        Emitida el {doc.issueDate}
        {doc.issueTime ? ` ${doc.issueTime}` : ""}
        {doc.dueDate ? ` · vence ${doc.dueDate}` : ""}
      </p>
      <div class="parties">
        <PartyView title="Proveedor" party={details.supplier} />
        <PartyView title="Adquiriente" party={details.customer} />
      </div>
      <h4>Totales ({doc.currency})</h4>
      <table class="totals">
        <tbody>
          {Object.entries(details.totals ?? {})
            .filter(([, v]) => v !== null)
            .map(([k, v]) => (
              <tr>
                <td>{TOTAL_NAMES[k] ?? k}</td>
                <td class="num">{v}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <TaxesView title="Impuestos" lines={details.taxes} />
      <TaxesView title="Retenciones" lines={details.withholdings} />
      <h4>Validación DIAN</h4>
      {validation ? (
        <p class="validation">
          {validation.resultCode === "02" || validation.resultCode === "002"
            ? "Validado por la DIAN"
            : `Resultado ${validation.resultCode ?? "—"}`}
          {validation.validationDate
            ? ` el ${validation.validationDate} ${validation.validationTime ?? ""}`
            : ""}
          {validation.responseDescription ? ` · ${validation.responseDescription}` : ""}
        </p>
      ) : (
        <p>El documento no trae la validación de la DIAN.</p>
      )}
      <p>
        <button type="button" onClick={() => downloadFile(props.api, doc, "xml")}>
          Descargar XML
        </button>{" "}
        {doc.hasPdf && (
          <button type="button" onClick={() => downloadFile(props.api, doc, "pdf")}>
            Descargar PDF
          </button>
        )}
      </p>
    </aside>
  );
}
