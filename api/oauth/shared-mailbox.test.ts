import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import {
  appendMessage,
  createMailUser,
  grantFullAccess,
  mailServers,
  readFolder,
  type MailUser,
} from "../../test/harness/index.ts";
import { buildDianEmail } from "../../test/fixtures/index.ts";
import {
  apiCaller,
  openApi,
  signInThroughApi,
  testOAuthSettings,
} from "../../test/support/oauth-setup.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { explainDelegatedRefusal } from "./shared-mailbox.ts";
import { BuzonError } from "../lib/errors.ts";

/**
 * A Microsoft 365 shared mailbox: a person signs in with their own account and the form's
 * «Usuario» is the shared reception address. The harness's Dovecot answers as Exchange Online
 * does: the person's token opens the shared mailbox only with Full Access to it.
 */
describe("a shared Microsoft mailbox read with a delegate's sign-in", () => {
  let ctx: TestContext;
  let shared: MailUser;
  let app: ReturnType<typeof createApp>;
  let call: ReturnType<typeof apiCaller>;
  let apiToken: string;

  beforeEach(async () => {
    ctx = await createTestContext();
    ctx.oauth = testOAuthSettings();
    shared = createMailUser("facturas-compartido");
    ({ app, apiToken, call } = await openApi(ctx));
  });
  afterEach(() => ctx.dispose());

  /** `person` signs in with Microsoft; the mailbox saved is the shared one. */
  async function signInAsAndSave(person: MailUser) {
    const signedIn = await signInThroughApi(app, apiToken, "microsoft", person.user);
    expect(signedIn.callback.status).toBe(200);
    const status = await call("GET", `/api/v1/oauth/microsoft/status?state=${signedIn.state}`);
    expect(await status.json()).toMatchObject({ status: "done", account: person.user });

    const servers = mailServers();
    const form = {
      serverType: "oauth-microsoft",
      protocol: "imap",
      host: servers.host,
      port: servers.imapsPort,
      security: "ssl",
      username: shared.user,
      notificationEmail: `avisos-${shared.user}@buzon.test`,
      tlsCa: servers.caPem,
    };
    expect((await call("PUT", "/api/v1/reception-config", form)).status).toBe(201);
    return form;
  }

  const run = async () => (await call("POST", "/api/v1/ingestion/runs")).json();
  const testSaved = async () => (await call("POST", "/api/v1/reception-config/test")).json();

  it("ingests the shared mailbox over IMAP when the delegate has Full Access", async () => {
    const delegate = createMailUser("delegado");
    await grantFullAccess(shared.user, delegate.user);
    await signInAsAndSave(delegate);
    await appendMessage(shared.user, shared.password, buildDianEmail({ number: "SH1" }).raw);

    expect(await testSaved()).toMatchObject({ ok: true });
    expect(await run()).toMatchObject({ status: "ok", processed: 1, settled: 1 });
    // The shared mailbox's e-mail, settled in the shared mailbox.
    expect(await readFolder(shared.user, shared.password, "Procesados")).toHaveLength(1);
    expect(await readFolder(shared.user, shared.password, "INBOX")).toHaveLength(0);
    expect(await readFolder(delegate.user, delegate.password, "INBOX")).toHaveLength(0);
  });

  it("says in Spanish that the account lacks Full Access when Microsoft refuses it", async () => {
    const stranger = createMailUser("sin-permiso");
    const form = await signInAsAndSave(stranger);
    await appendMessage(shared.user, shared.password, buildDianEmail({ number: "SH2" }).raw);

    const tested = await testSaved();
    expect(tested).toMatchObject({
      ok: false,
      failedStep: "auth",
      code: "AUTH_FAILED",
      reason: "SHARED_MAILBOX_ACCESS_DENIED",
    });
    expect(tested.message).toContain(`Microsoft no dejó que ${stranger.user} abriera el buzón`);
    expect(tested.message).toContain("«Acceso total» (Full Access)");
    // The form tried before saving explains it the same way.
    const draft = await (await call("POST", "/api/v1/reception-config/test", form)).json();
    expect(draft).toMatchObject({ reason: "SHARED_MAILBOX_ACCESS_DENIED" });

    const failed = await run();
    expect(failed).toMatchObject({ status: "failed", errorCode: "AUTH_FAILED" });
    expect(failed.errorMessage).toContain("SHARED_MAILBOX_ACCESS_DENIED");
    // Signing in again as the same person would not help: the mailbox is not marked for it.
    const status = await (await call("GET", "/api/v1/status")).json();
    expect(status.mailbox).toMatchObject({ state: "error" });
    expect(status.signIn).toMatchObject({ state: "active", account: stranger.user });
    expect(await readFolder(shared.user, shared.password, "INBOX")).toHaveLength(1);
  });
});

describe("explainDelegatedRefusal", () => {
  const refused = new BuzonError("AUTH_FAILED");
  const login = { serverType: "oauth-google", username: "facturas@empresa.co" };

  it("tells Google accounts that Gmail opens only their own mailbox", () => {
    const explained = explainDelegatedRefusal(refused, {
      ...login,
      oauthAccount: "ana@empresa.co",
    });
    expect(explained.details).toEqual({ reason: "OAUTH_ACCOUNT_MISMATCH" });
    expect(explained.userMessage).toContain("Inicia sesión con la cuenta facturas@empresa.co");
  });

  it("leaves the mailbox's own account, other errors and explained refusals alone", () => {
    const own = { ...login, oauthAccount: "Facturas@Empresa.co" };
    expect(explainDelegatedRefusal(refused, own)).toBe(refused);
    const other = { ...login, oauthAccount: "ana@empresa.co" };
    const timeout = new BuzonError("TIMEOUT");
    expect(explainDelegatedRefusal(timeout, other)).toBe(timeout);
    const signIn = new BuzonError("AUTH_FAILED", "…", { details: { reason: "NEEDS_SIGNIN" } });
    expect(explainDelegatedRefusal(signIn, other)).toBe(signIn);
    const basic = { ...other, serverType: "basic" };
    expect(explainDelegatedRefusal(refused, basic)).toBe(refused);
  });
});
