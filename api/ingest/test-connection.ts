/**
 * "Probar conexión": walks DNS → TCP → TLS → login → folders and says which step failed, in
 * Spanish, without touching any message.
 */
import type { AppContext } from "../context.ts";
import { BuzonError, isBuzonError } from "../lib/errors.ts";
import { explainLoginRefusal } from "../oauth/basic-auth-refusal.ts";
import { resolveMailServer, type ResolvedHost } from "../security/host-policy.ts";
import { STEP_OF_CODE, toMailError } from "../sources/connection-errors.ts";
import { closeImap, connectImap } from "../sources/imap/connect.ts";
import { resolveFolders, type ResolvedFolders } from "../sources/imap/folders.ts";
import { openPop3Session } from "./pop3-session.ts";
import type { ConnectionStep, ConnectionTestResult, MailboxSettings } from "./types.ts";

const STEPS: ConnectionStep[] = ["dns", "tcp", "tls", "auth", "folder"];

const SUCCESS: Record<"imap" | "pop3", string> = {
  imap: "Conexión exitosa: el usuario inició sesión y las carpetas están listas.",
  pop3: "Conexión exitosa: el usuario inició sesión en el servidor POP3.",
};

async function checkImap(
  settings: MailboxSettings,
  target: ResolvedHost,
): Promise<ResolvedFolders> {
  const client = await connectImap(settings, target);
  try {
    return await resolveFolders(client, settings.folders, true);
  } finally {
    await closeImap(client);
  }
}

async function checkPop3(settings: MailboxSettings, target: ResolvedHost): Promise<void> {
  const client = await openPop3Session(settings, target);
  try {
    await client.stat();
    await client.quit();
  } finally {
    client.close();
  }
}

/**
 * The steps walked, up to the failed one. A check refused before any connection (the host
 * policy: a port or security setting this host cannot use) walked no earlier step: only the
 * failed one is listed, so no step is shown as passed that never ran.
 */
function stepsUpTo(
  failed: ConnectionStep | null,
  settings: MailboxSettings,
  error?: BuzonError,
  beforeConnecting = false,
) {
  const applicable = STEPS.filter(
    (step) =>
      !(step === "tls" && settings.security === "none") &&
      !(step === "folder" && settings.protocol === "pop3"),
  );
  // A step this setting would skip (TLS with security "none") can still be the refused one.
  if (failed && !applicable.includes(failed)) {
    return [{ step: failed, ok: false, ...(error ? { message: error.userMessage } : {}) }];
  }
  const stop = failed ? applicable.indexOf(failed) : applicable.length;
  const first = failed && beforeConnecting ? stop : 0;
  return applicable.slice(first, stop + (failed ? 1 : 0)).map((step) => ({
    step,
    ok: step !== failed,
    ...(step === failed && error ? { message: error.userMessage } : {}),
  }));
}

/** The error's finer code (BASIC_AUTH_DISABLED, PORT_NOT_ALLOWED…), if any. */
function reasonOf(error: BuzonError): { reason?: string } {
  const reason = error.details?.reason ?? error.details?.code;
  return typeof reason === "string" ? { reason } : {};
}

/** The step a failure belongs to; a port the policy refuses is the connection's, not DNS's. */
function stepOf(failure: BuzonError): ConnectionStep {
  if (failure.code === "HOST_NOT_ALLOWED" && failure.details?.field === "port") return "tcp";
  return STEP_OF_CODE[failure.code] ?? (failure.code === "INVALID_INPUT" ? "dns" : "auth");
}

export async function testConnection(
  ctx: AppContext,
  settings: MailboxSettings,
): Promise<ConnectionTestResult> {
  let folders: ResolvedFolders | undefined;
  let resolved = false;
  try {
    const target = await resolveMailServer(ctx, settings.host, settings.port, settings.security);
    resolved = true;
    if (settings.protocol === "imap") folders = await checkImap(settings, target);
    else await checkPop3(settings, target);
  } catch (error) {
    const failure = explainLoginRefusal(isBuzonError(error) ? error : toMailError(error), settings);
    const step = stepOf(failure);
    return {
      ok: false,
      failedStep: step,
      code: failure.code,
      message: failure.userMessage,
      ...reasonOf(failure),
      steps: stepsUpTo(step, settings, failure, !resolved),
    };
  }
  return {
    ok: true,
    failedStep: null,
    code: null,
    message: SUCCESS[settings.protocol],
    steps: stepsUpTo(null, settings),
    ...(folders ? { folders } : {}),
  };
}
