import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createMailUser,
  expireAccessTokens,
  grantFullAccess,
  issueTokens,
  mailServers,
  removeFullAccess,
  type MailUser,
} from "../../test/harness/index.ts";
import { harnessSettings } from "../../test/support/mailbox-setup.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { testConnection } from "../ingest/test-connection.ts";
import type { MailboxSettings } from "../ingest/types.ts";
import { connectPop3 } from "./pop3/index.ts";

describe("OAuth 2.0 logins against Dovecot", () => {
  let ctx: TestContext;
  let user: MailUser;
  let other: MailUser;
  let token: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    user = createMailUser("oauth-login");
    other = createMailUser("oauth-other");
    token = (await issueTokens(user.user)).access_token;
  });
  afterAll(() => ctx.dispose());

  const settings = (overrides: Partial<MailboxSettings> = {}) =>
    harnessSettings(user, {
      serverType: "oauth-microsoft",
      password: "",
      accessToken: token,
      ...overrides,
    });

  it("logs in over IMAP with the access token (imapflow picks OAUTHBEARER)", async () => {
    expect(await testConnection(ctx, settings())).toMatchObject({ ok: true, failedStep: null });
  });

  it("logs in over POP3 with SASL OAUTHBEARER, which Dovecot offers", async () => {
    const servers = mailServers();
    const pop3 = settings({ protocol: "pop3", port: servers.pop3sPort });
    expect(await testConnection(ctx, pop3)).toMatchObject({ ok: true });
  });

  it("sends raw AUTH XOAUTH2 and reads the mailbox", async () => {
    const servers = mailServers();
    const client = await connectPop3({
      host: "127.0.0.1",
      servername: servers.host,
      port: servers.pop3sPort,
      security: "ssl",
      ca: servers.caPem,
    });
    try {
      expect(client.capabilities().join(" ")).toMatch(/SASL .*XOAUTH2/);
      expect(client.offersSasl("OAUTHBEARER")).toBe(true);
      await expect(client.authenticateXoauth2(user.user, "at_wrong")).rejects.toMatchObject({
        code: "AUTH_FAILED",
      });
      await client.authenticateXoauth2(user.user, token);
      expect(await client.stat()).toMatchObject({ count: 0 });
      await client.quit();
    } finally {
      client.close();
    }
  });

  it.each([
    ["a made-up token", () => ({ accessToken: "at_not-a-real-token" })],
    ["another user's token for this mailbox", () => ({ username: other.user })],
  ])("refuses %s over IMAP and POP3", async (_name, change) => {
    const servers = mailServers();
    for (const overrides of [{}, { protocol: "pop3" as const, port: servers.pop3sPort }]) {
      const result = await testConnection(ctx, settings({ ...overrides, ...change() }));
      expect(result).toMatchObject({ ok: false, failedStep: "auth", code: "AUTH_FAILED" });
    }
  });
});

/**
 * Exchange Online opens a shared mailbox for a delegate: XOAUTH2 with the mailbox as the login
 * user and the delegate's own token, when the delegate has Full Access. The harness's Dovecot
 * does the same through its Lua passdb, asking the test provider.
 */
describe("shared mailbox logins with a delegate's token", () => {
  let ctx: TestContext;
  let shared: MailUser;
  let delegate: MailUser;
  let stranger: MailUser;
  beforeAll(async () => {
    ctx = await createTestContext();
    shared = createMailUser("oauth-shared");
    delegate = createMailUser("oauth-delegate");
    stranger = createMailUser("oauth-stranger");
    await grantFullAccess(shared.user, delegate.user);
  });
  afterAll(() => ctx.dispose());

  function sharedSettings(accessToken: string, protocol: "imap" | "pop3"): MailboxSettings {
    const servers = mailServers();
    return harnessSettings(shared, {
      serverType: "oauth-microsoft",
      protocol,
      port: protocol === "imap" ? servers.imapsPort : servers.pop3sPort,
      password: "",
      accessToken,
    });
  }

  const tryBoth = async (accessToken: string) =>
    Promise.all(
      (["imap", "pop3"] as const).map((protocol) =>
        testConnection(ctx, sharedSettings(accessToken, protocol)),
      ),
    );

  async function rawXoauth2(user: string, accessToken: string) {
    const servers = mailServers();
    const client = await connectPop3({
      host: "127.0.0.1",
      servername: servers.host,
      port: servers.pop3sPort,
      security: "ssl",
      ca: servers.caPem,
    });
    try {
      await client.authenticateXoauth2(user, accessToken);
      await client.quit();
    } finally {
      client.close();
    }
  }

  it("opens the shared mailbox with the token of a user who has Full Access", async () => {
    const token = (await issueTokens(delegate.user)).access_token;
    for (const result of await tryBoth(token)) expect(result).toMatchObject({ ok: true });
    await expect(rawXoauth2(shared.user, token)).resolves.toBeUndefined();
  });

  it("refuses the token of a user without access to it", async () => {
    const token = (await issueTokens(stranger.user)).access_token;
    for (const result of await tryBoth(token)) {
      expect(result).toMatchObject({ ok: false, failedStep: "auth", code: "AUTH_FAILED" });
    }
    await expect(rawXoauth2(shared.user, token)).rejects.toMatchObject({ code: "AUTH_FAILED" });
  });

  it("refuses the delegate's token once it expired or the permission was removed", async () => {
    const delegate2 = createMailUser("oauth-delegate-b");
    await grantFullAccess(shared.user, delegate2.user);
    const token = (await issueTokens(delegate2.user)).access_token;
    await expect(rawXoauth2(shared.user, token)).resolves.toBeUndefined();

    await removeFullAccess(shared.user, delegate2.user);
    await expect(rawXoauth2(shared.user, token)).rejects.toMatchObject({ code: "AUTH_FAILED" });

    await grantFullAccess(shared.user, delegate2.user);
    await expireAccessTokens(delegate2.user);
    await expect(rawXoauth2(shared.user, token)).rejects.toMatchObject({ code: "AUTH_FAILED" });
  });
});
