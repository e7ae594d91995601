/** Below the form: the mailbox's state, the last run with its counts, and the way to the dashboard. */
import type { StatusSnapshot } from "../storage.ts";
import { MAILBOX_STATES, formatTime } from "../form/describe.ts";

export interface StatusPanelProps {
  snapshot: StatusSnapshot | null;
  onOpenDashboard(view: "documents" | "failed"): void;
}

export function StatusPanel({ snapshot, onOpenDashboard }: StatusPanelProps) {
  if (snapshot?.error) {
    return (
      <section class="status status--error" role="alert">
        <strong>No hay conexión con Buzón.</strong> {snapshot.error.message}
      </section>
    );
  }
  const status = snapshot?.status;
  if (!status) return <section class="status">Consultando el estado…</section>;

  const { mailbox, lastRun, failed } = status;
  const state = mailbox.configured ? (MAILBOX_STATES[mailbox.state ?? ""] ?? mailbox.state) : null;
  return (
    <section class="status" aria-label="Estado del buzón">
      <p>
        <strong>Buzón:</strong> {state ?? "Sin configurar"}
        {mailbox.lastErrorMessage && (
          <span class="status__error"> — {mailbox.lastErrorMessage}</span>
        )}
      </p>
      <p>
        <strong>Última ejecución:</strong> {lastRun ? formatTime(lastRun.startedAt) : "ninguna"}
        {lastRun &&
          ` · procesados ${lastRun.processed}, fallidos ${lastRun.failed}, ` +
            `duplicados ${lastRun.duplicates}`}
      </p>
      <p>
        <strong>Correos fallidos:</strong> {failed.total}
        {failed.unseen > 0 && ` (${failed.unseen} sin revisar)`}{" "}
        {failed.total > 0 && (
          <a href="#" onClick={(e) => (e.preventDefault(), onOpenDashboard("failed"))}>
            Ver fallidos
          </a>
        )}
      </p>
      {status.passwordExpiresInDays !== null && (
        <p>
          <strong>La contraseña vence en:</strong> {status.passwordExpiresInDays} días
        </p>
      )}
      <p>
        <a
          href="#"
          class="dashboard-link"
          onClick={(e) => (e.preventDefault(), onOpenDashboard("documents"))}
        >
          Abrir el tablero de documentos
        </a>
      </p>
    </section>
  );
}
