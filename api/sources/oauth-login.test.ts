import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createMailUser,
  issueTokens,
  mailServers,
  type MailUser,
} from "../../test/harness/index.ts";
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

  function settings(overrides: Partial<MailboxSettings> = {}): MailboxSettings {
    const servers = mailServers();
    return {
      id: 0,
      companyId: 0,
      serverType: "oauth-microsoft",
      protocol: "imap",
      host: servers.host,
      port: servers.imapsPort,
      security: "ssl",
      username: user.user,
      password: "",
      accessToken: token,
      passwordExpiresOn: null,
      notificationEmail: null,
      backupEmail: null,
      folders: { inbox: "INBOX", processed: "Procesados", failed: "Fallidos" },
      tlsCa: servers.caPem,
      ...overrides,
    };
  }

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
