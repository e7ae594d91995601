/** Short Spanish descriptions for what the popup shows about pages, runs and connection tests. */
import type { ConnectionTestResult, RunSummary } from "../../shared/api-types.ts";
import type { DetectedSettings, ServerValues } from "../../shared/settings-page/index.ts";

const SECURITY_WORDS = { ssl: "TLS", starttls: "STARTTLS", none: "sin cifrado" } as const;
const SERVICE_NAMES = { imap: "IMAP", pop3: "POP", smtp: "SMTP" } as const;

function describeServer(name: string, v: ServerValues): string {
  const security = v.security ? SECURITY_WORDS[v.security] : null;
  return [name, v.host, v.port, security].filter((part) => part !== null).join(" ");
}

/** "IMAP outlook.office365.com 993 TLS · POP outlook.office365.com 995 TLS" (receiving only). */
export function describeDetected(detected: DetectedSettings): string {
  const parts = (["imap", "pop3"] as const)
    .filter((service) => detected[service])
    .map((service) => describeServer(SERVICE_NAMES[service], detected[service]!));
  return parts.join(" · ");
}

export function describePopAccess(detected: DetectedSettings): string | null {
  if (detected.popEnabled === false) return "El acceso POP está desactivado en esta cuenta.";
  if (detected.popEnabled === true) return "El acceso POP está activado en esta cuenta.";
  return null;
}

export const STEP_NAMES = {
  dns: "Nombre del servidor (DNS)",
  tcp: "Conexión (TCP)",
  tls: "Conexión segura (TLS)",
  auth: "Inicio de sesión",
  folder: "Carpetas",
} as const;

export function describeTest(result: ConnectionTestResult): string {
  if (result.ok) return `Conexión exitosa. ${result.message}`.trim();
  const step = result.failedStep ? STEP_NAMES[result.failedStep] : "La prueba";
  return `Falló: ${step}. ${result.message}`;
}

export function describeRun(run: RunSummary): string {
  if (run.status === "failed") return `La ejecución falló: ${run.errorMessage ?? run.errorCode}`;
  return (
    `Procesados ${run.processed}, fallidos ${run.failed}, duplicados ${run.duplicates} ` +
    `(${run.fetched} correos leídos).`
  );
}

const dateTime = new Intl.DateTimeFormat("es-CO", { dateStyle: "medium", timeStyle: "short" });

export function formatTime(iso: string | null): string {
  return iso ? dateTime.format(new Date(iso)) : "—";
}

export const MAILBOX_STATES: Record<string, string> = {
  never: "Aún no se ha leído",
  ok: "Funcionando",
  error: "Con error",
  needs_signin: "Vuelve a iniciar sesión",
};
