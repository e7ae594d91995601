/**
 * The Buzón API as the extension uses it, through Hono's typed client. Every failure becomes an
 * ApiError with a stable code and a Spanish message fit to show; field issues come along for the
 * form.
 */
import { hc } from "hono/client";
import type { AppType } from "../api/app.ts";
import type { Discovery } from "../api/discovery/types.ts";
import type { DeviceStart, FlowStatus, SignInStart } from "../api/oauth/flows.ts";
import type { OAuthProviderId, ProviderAvailability } from "../api/oauth/providers.ts";
import type { SignOutResult } from "../api/oauth/sign-out.ts";
import type {
  CompanyView,
  ConnectionTestResult,
  DocumentDetail,
  DocumentSummary,
  FieldIssue,
  Health,
  MessageView,
  Page,
  ReceptionConfigView,
  RunSummary,
  StatusView,
} from "../shared/api-types.ts";

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | null = null,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const UNREACHABLE = "UNREACHABLE";

async function send(apiUrl: string, request: () => Promise<Response>): Promise<Response> {
  let response: Response;
  try {
    response = await request();
  } catch (error) {
    const message = `No se pudo conectar con la API en ${apiUrl}. ¿Está en marcha?`;
    throw Object.assign(new ApiError(UNREACHABLE, message), { cause: error });
  }
  if (response.ok) return response;

  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; issues?: FieldIssue[] };
  } | null;
  const code = body?.error?.code ?? `HTTP_${response.status}`;
  const message = body?.error?.message ?? `La API respondió ${response.status}.`;
  throw new ApiError(code, message, response.status, body?.error?.issues ?? []);
}

async function json<T>(apiUrl: string, request: () => Promise<Response>): Promise<T> {
  return (await (await send(apiUrl, request)).json()) as T;
}

export type {
  DeviceStart,
  Discovery,
  FlowStatus,
  OAuthProviderId,
  ProviderAvailability,
  SignInStart,
  SignOutResult,
};

export type DocumentsQuery = Partial<
  Record<"from" | "to" | "supplierNit" | "type" | "q" | "page" | "pageSize", string>
>;

export function createApiClient(apiUrl: string, token: string) {
  const headers = { Authorization: `Bearer ${token}` };
  const api = hc<AppType>(apiUrl, { headers }).api.v1;
  const get = <T>(request: () => Promise<Response>) => json<T>(apiUrl, request);

  return {
    health: () => get<Health>(() => api.health.$get()),
    company: () => get<CompanyView>(() => api.company.$get()),
    status: () => get<StatusView>(() => api.status.$get()),
    markSeen: () => get<{ marked: number }>(() => api.status.seen.$post()),
    readConfig: () => get<ReceptionConfigView>(() => api["reception-config"].$get()),
    saveConfig: (form: unknown) =>
      get<ReceptionConfigView>(() => api["reception-config"].$put({}, { init: jsonBody(form) })),
    testConnection: (form: unknown) =>
      get<ConnectionTestResult>(() =>
        api["reception-config"].test.$post({}, { init: jsonBody(form) }),
      ),
    runNow: () => get<RunSummary>(() => api.ingestion.runs.$post()),
    documents: (query: DocumentsQuery) =>
      get<Page<DocumentSummary>>(() => api.documents.$get({ query: query as never })),
    document: (id: number) =>
      get<DocumentDetail>(() => api.documents[":id"].$get({ param: { id: String(id) } })),
    messages: (query: { status?: string; page?: string; pageSize?: string }) =>
      get<Page<MessageView>>(() => api.messages.$get({ query: query as never })),
    retryMessage: (id: number) =>
      get<{ outcome: string | null; run: RunSummary | null }>(() =>
        api.messages[":id"].retry.$post({ param: { id: String(id) } }),
      ),
    /** Server, port, security and sign-in type for an address, with where each came from. */
    suggestProvider: (email: string, protocol: "imap" | "pop3") =>
      get<Discovery>(() => api.providers.suggest.$get({ query: { email, protocol } })),
    oauthProviders: () =>
      get<{ providers: ProviderAvailability[] }>(() => api.oauth.providers.$get()),
    /** The provider's sign-in URL and the `state` to poll. */
    oauthStart: (provider: OAuthProviderId, query: { loginHint?: string; returnTo?: string }) =>
      get<SignInStart>(() => api.oauth[":provider"].start.$get({ param: { provider }, query })),
    oauthStatus: (provider: OAuthProviderId, state: string) =>
      get<FlowStatus>(() =>
        api.oauth[":provider"].status.$get({ param: { provider }, query: { state } }),
      ),
    /** Microsoft's device code: the user types `userCode` at `verificationUri`. */
    oauthDevice: (provider: OAuthProviderId) =>
      get<DeviceStart>(() => api.oauth[":provider"].device.$post({ param: { provider } })),
    /** Forgets the company's sign-in (revoked at Google; Microsoft has no revocation). */
    oauthSignOut: (provider: OAuthProviderId) =>
      get<SignOutResult>(() => api.oauth[":provider"].$delete({ param: { provider } })),
    /** A document's file (xml, pdf) as a Blob, fetched with the token. */
    file: async (id: number, kind: "xml" | "pdf" | "attached-document") => {
      const url = `${apiUrl}/api/v1/documents/${id}/${kind}`;
      return (await send(apiUrl, () => fetch(url, { headers }))).blob();
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The routes read the body as text (api/routes/validation.ts), so no Content-Type is needed. */
function jsonBody(form: unknown): RequestInit {
  return { body: JSON.stringify(form) };
}

/** The API address as typed, cleaned: scheme and host kept, trailing slashes dropped. */
export function normalizeApiUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** The host permission pattern for the API's origin, e.g. "http://127.0.0.1:8787/*". */
export function originPattern(apiUrl: string): string {
  const url = new URL(apiUrl);
  return `${url.protocol}//${url.hostname}/*`;
}
