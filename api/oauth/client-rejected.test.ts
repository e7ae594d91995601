import { randomBytes } from "node:crypto";
import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { checkHealth } from "../alerts/health.ts";
import { mailboxes, oauthGrants } from "../db/schema.ts";
import {
  createMailUser,
  expireAccessTokens,
  readSink,
  registerClient,
  waitForSink,
  type MailUser,
} from "../../test/harness/index.ts";
import {
  apiCaller,
  openApi,
  signInAndSaveMicrosoftImap,
  signInThroughApi,
  startClock,
  testOAuthSettings,
} from "../../test/support/oauth-setup.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";

/**
 * The provider refuses Buzón's own app registration (401 invalid_client), as Microsoft does once
 * a client secret expires: the operator's problem, told apart from the user's (invalid_grant).
 */
describe("a client secret the provider no longer takes", () => {
  let ctx: TestContext;
  let user: MailUser;
  let app: ReturnType<typeof createApp>;
  let call: ReturnType<typeof apiCaller>;
  let apiToken: string;
  let later: (hours: number) => void;
  // Per test: the provider is shared by every test file, its clients keyed by id.
  let clientId: string;
  const oldSecret = randomBytes(12).toString("hex");
  const newSecret = randomBytes(12).toString("hex");
  const notify = () => `avisos-${user.user}@buzon.test`;

  const useSecret = (clientSecret: string) => {
    const settings = testOAuthSettings();
    ctx.oauth = { ...settings, microsoft: { ...settings.microsoft, clientId, clientSecret } };
  };
  const run = async () => (await call("POST", "/api/v1/ingestion/runs")).json();
  const readStatus = async () => (await call("GET", "/api/v1/status")).json();

  beforeEach(async () => {
    ctx = await createTestContext();
    later = startClock(ctx);
    user = createMailUser("oauth-client");
    clientId = `buzon-test-ms-${user.user}`;
    await registerClient(clientId, oldSecret);
    useSecret(oldSecret);
    ({ app, apiToken, call } = await openApi(ctx));
  });
  afterEach(() => ctx.dispose());

  const signInAndSave = () => signInAndSaveMicrosoftImap(app, apiToken, user.user, notify());

  it("stops the mailbox with its own code, alerts once, and resumes once the operator renews it", async () => {
    await signInAndSave();
    expect(await run()).toMatchObject({ status: "ok" });

    // The secret Buzón holds expires at the provider; the access token runs out too.
    await registerClient(clientId, newSecret);
    await expireAccessTokens(user.user);
    later(2);
    const failed = await run();
    expect(failed).toMatchObject({ status: "failed", errorCode: "AUTH_FAILED" });
    expect(failed.errorMessage).toContain("BUZON_MS_CLIENT_SECRET");
    expect(failed.errorMessage).toContain("OAUTH_CLIENT_INVALID");

    const status = await readStatus();
    expect(status.signIn).toMatchObject({
      state: "client_rejected",
      problem: { code: "OAUTH_CLIENT_INVALID" },
    });
    expect(status.signIn.problem.message).toContain("administrador de Buzón");
    // Not the user's to fix: the grant is kept and nobody is asked to sign in again.
    expect(status.mailbox).toMatchObject({ state: "error", healthy: false });
    const [grant] = await ctx.db.select().from(oauthGrants);
    expect(grant).toMatchObject({ status: "active", lastErrorCode: "invalid_client" });

    const [alert] = await waitForSink(1, { to: notify() });
    const parsed = await simpleParser(Buffer.from(alert!.raw));
    expect(parsed.subject).toBe(
      `[Buzón] Microsoft rechazó la aplicación Buzón: la recepción de ${user.user} está detenida`,
    );
    expect(parsed.text).toContain("no hace falta volver a iniciar sesión");

    // Later runs and the health check add no second e-mail for the same incident.
    later(1);
    expect(await run()).toMatchObject({ status: "failed" });
    const [mailbox] = await ctx.db.select().from(mailboxes);
    expect(await checkHealth(ctx, mailbox!, 6)).toBe("incident");
    expect(readSink({ to: notify() })).toHaveLength(1);

    const errors = ctx.logLines.filter((line) => line.includes('"level":50'));
    expect(errors.some((line) => line.includes('"code":"invalid_client"'))).toBe(true);
    const logged = ctx.logLines.join("");
    const tokens = [await ctx.secrets.open(grant!.refreshTokenEnc), oldSecret, newSecret];
    for (const secret of tokens) expect(logged.includes(secret)).toBe(false);

    // The operator puts the new secret in place: the same grant works again, no sign-in.
    useSecret(newSecret);
    later(1);
    expect(await run()).toMatchObject({ status: "ok" });
    const healed = await readStatus();
    expect(healed.signIn).toMatchObject({ state: "active" });
    expect(healed.signIn.problem).toBeUndefined();
  });

  it("answers the operator's message when the sign-in itself is refused", async () => {
    await registerClient(clientId, newSecret);
    const { state, callback } = await signInThroughApi(app, apiToken, "microsoft", user.user);
    expect(callback.status).toBe(400);

    const status = await call("GET", `/api/v1/oauth/microsoft/status?state=${state}`);
    const body = await status.json();
    expect(body).toMatchObject({ status: "failed", code: "OAUTH_CLIENT_INVALID" });
    expect(body.message).toContain("El administrador de Buzón debe crear un secreto nuevo");
    expect(await ctx.db.select().from(oauthGrants)).toHaveLength(0);
    const errors = ctx.logLines.filter((line) => line.includes('"level":50'));
    expect(errors.some((line) => line.includes("oauth sign-in failed"))).toBe(true);
  });
});
