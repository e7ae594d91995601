import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { oauthGrants } from "../db/schema.ts";
import {
  approveDeviceCode,
  createMailUser,
  expireAccessTokens,
  readSink,
  setProviderFault,
  type MailUser,
} from "../../test/harness/index.ts";
import {
  apiCaller,
  openApi,
  signInAndSaveMicrosoftImap,
  startClock,
  testOAuthSettings,
} from "../../test/support/oauth-setup.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";

/**
 * The provider's refusals that are not the user's grant, against the loopback provider: each
 * becomes a Spanish message with a stable code, never a bare 500 nor a request to sign in again.
 */
describe("provider errors", () => {
  let ctx: TestContext;
  let user: MailUser;
  let app: ReturnType<typeof createApp>;
  let call: ReturnType<typeof apiCaller>;
  let apiToken: string;
  let later: (hours: number) => void;
  // Per test: faults are keyed by client id on the provider every test file shares.
  let clientId: string;
  const notify = () => `avisos-${user.user}@buzon.test`;
  const run = async () => (await call("POST", "/api/v1/ingestion/runs")).json();
  const readStatus = async () => (await call("GET", "/api/v1/status")).json();

  beforeEach(async () => {
    ctx = await createTestContext();
    later = startClock(ctx);
    user = createMailUser("oauth-provider-error");
    clientId = `buzon-test-ms-${user.user}`;
    const settings = testOAuthSettings();
    ctx.oauth = { ...settings, microsoft: { ...settings.microsoft, clientId } };
    ({ app, apiToken, call } = await openApi(ctx));
  });
  afterEach(() => ctx.dispose());

  const signInAndSave = () => signInAndSaveMicrosoftImap(app, apiToken, user.user, notify());

  /** The next run has to refresh: the access token is dead at the provider and in Buzón's clock. */
  async function expireAccess() {
    await expireAccessTokens(user.user);
    later(2);
  }

  describe("starting a device-code sign-in", () => {
    it("answers the refusal in Spanish with OAUTH_DEVICE_CODE_REFUSED, not a 500", async () => {
      await setProviderFault(clientId, "devicecode", 400, "unauthorized_client");
      const res = await call("POST", "/api/v1/oauth/microsoft/device");
      expect(res.status).toBe(422);
      const { error } = await res.json();
      expect(error).toMatchObject({
        code: "AUTH_FAILED",
        details: {
          reason: "OAUTH_DEVICE_CODE_REFUSED",
          provider: "microsoft",
          providerError: "unauthorized_client",
        },
      });
      expect(error.message).toContain("Microsoft rechazó el inicio de sesión con código");
      expect(error.message).toContain("«Permitir flujos de clientes públicos»");
    });

    it("says the provider is down for a while when it answers a 5xx page", async () => {
      await setProviderFault(clientId, "devicecode", 503);
      const res = await call("POST", "/api/v1/oauth/microsoft/device");
      expect(res.status).toBe(502);
      const { error } = await res.json();
      expect(error).toMatchObject({
        code: "CONNECTION",
        details: { reason: "OAUTH_PROVIDER_UNAVAILABLE", providerError: "http_503" },
      });
      expect(error.message).toContain("Inténtalo de nuevo en unos minutos");
    });

    it("keeps the flow pending while the provider is down during polling", async () => {
      const device = await (await call("POST", "/api/v1/oauth/microsoft/device")).json();
      const poll = async () =>
        (await call("GET", `/api/v1/oauth/microsoft/status?state=${device.state}`)).json();
      await approveDeviceCode(device.userCode, user.user);

      await setProviderFault(clientId, "token", 500, "server_error");
      later(0.001);
      expect(await poll()).toMatchObject({ status: "pending" });

      await setProviderFault(clientId, "token", 0);
      later(0.001);
      expect(await poll()).toMatchObject({ status: "done", account: user.user });
    });
  });

  describe("refreshing a grant", () => {
    it("takes a 5xx as temporary: the run fails with a reason, the grant stays, no sign-in asked", async () => {
      await signInAndSave();
      await expireAccess();
      await setProviderFault(clientId, "token", 503);

      const failed = await run();
      expect(failed).toMatchObject({ status: "failed", errorCode: "CONNECTION" });
      expect(failed.errorMessage).toContain("OAUTH_PROVIDER_UNAVAILABLE");
      expect(failed.errorMessage).toContain("no hace falta volver a iniciar sesión");
      const status = await readStatus();
      expect(status.mailbox).toMatchObject({ state: "error" });
      expect(status.signIn).toMatchObject({ state: "active" });
      expect(status.signIn.problem).toBeUndefined();
      const [grant] = await ctx.db.select().from(oauthGrants);
      expect(grant).toMatchObject({ status: "active", lastErrorCode: null, generation: 1 });

      // Through a route, the same reason reaches the extension.
      const tested = await call("POST", "/api/v1/reception-config/test");
      expect(tested.status).toBe(502);
      expect((await tested.json()).error.details.reason).toBe("OAUTH_PROVIDER_UNAVAILABLE");

      await setProviderFault(clientId, "token", 0);
      later(1);
      expect(await run()).toMatchObject({ status: "ok" });
      expect(readSink({ to: notify() })).toHaveLength(0);
    });

    it("reports unauthorized_client as the app registration's problem, with its own code", async () => {
      await signInAndSave();
      await expireAccess();
      await setProviderFault(clientId, "token", 400, "unauthorized_client");

      const failed = await run();
      expect(failed).toMatchObject({ status: "failed", errorCode: "AUTH_FAILED" });
      expect(failed.errorMessage).toContain("OAUTH_CLIENT_UNAUTHORIZED");
      const status = await readStatus();
      expect(status.mailbox.state).not.toBe("needs_signin");
      expect(status.signIn).toMatchObject({
        state: "client_rejected",
        problem: { code: "OAUTH_CLIENT_UNAUTHORIZED" },
      });
      expect(status.signIn.problem.message).toContain("administrador de Buzón");
      const [grant] = await ctx.db.select().from(oauthGrants);
      expect(grant).toMatchObject({ status: "active", lastErrorCode: "unauthorized_client" });
      const errors = ctx.logLines.filter((line) => line.includes('"level":50'));
      expect(errors.some((line) => line.includes('"code":"unauthorized_client"'))).toBe(true);

      // The operator fixes the registration: the same grant refreshes and the problem is gone.
      await setProviderFault(clientId, "token", 0);
      later(1);
      expect(await run()).toMatchObject({ status: "ok" });
      expect((await readStatus()).signIn).toMatchObject({ state: "active" });
    });
  });
});
