/**
 * Server and network faults on real Dovecot, through a loopback proxy that cuts the connection on
 * cue, and an SMTP server that refuses the backup forward. After each: nothing lost, nothing
 * duplicated, and the next run finishes the job.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { documents, messages } from "../db/schema.ts";
import {
  appendMessage,
  clearRefusals,
  createMailUser,
  mailServers,
  readFolder,
  readSink,
  refuseRecipient,
  type MailUser,
} from "../../test/harness/index.ts";
import { buildDianEmail, buildEmail } from "../../test/fixtures/index.ts";
import {
  startFaultProxy,
  type FaultPlan,
  type FaultProxy,
} from "../../test/support/fault-proxy.ts";
import { setupMailbox } from "../../test/support/mailbox-setup.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { runIngestion } from "./run.ts";

async function fill(user: MailUser) {
  const mails = [
    buildDianEmail({ number: "FX1", messageId: "<fx1@p.example>" }).raw,
    buildDianEmail({ number: "FX2", messageId: "<fx2@p.example>" }).raw,
    buildEmail({ subject: "nada", messageId: "<nada@p.example>" }),
  ];
  for (const raw of mails) await appendMessage(user.user, user.password, raw);
}

async function expectSettledOnce(ctx: TestContext) {
  expect((await ctx.db.select().from(documents)).map((d) => d.number).sort()).toEqual([
    "FX1",
    "FX2",
  ]);
  const records = await ctx.db.select().from(messages);
  expect(records).toHaveLength(3);
  expect(records.every((r) => r.settleState === "settled")).toBe(true);
}

describe("IMAP faults", () => {
  let ctx: TestContext;
  let user: MailUser;
  let proxy: FaultProxy;
  beforeEach(async () => {
    ctx = await createTestContext();
    user = createMailUser("fault-imap");
  });
  afterEach(async () => {
    await proxy?.close();
    await ctx.dispose();
  });

  it.each<[string, FaultPlan]>([
    ["dropped after MOVE reached the server", { trigger: /UID MOVE/, mode: "before-reply" }],
    [
      "dropped mid-FETCH",
      { trigger: /BODY\.PEEK\[\]|BODY\[\]/, mode: "mid-reply", afterBytes: 700 },
    ],
    ["dropped mid-listing", { trigger: /FETCH 1:/, mode: "mid-reply", afterBytes: 60 }],
  ])("recovers from a connection %s", async (_label, plan) => {
    proxy = await startFaultProxy(mailServers().imapPort, plan);
    const companyId = await setupMailbox(ctx, user, { security: "none", port: proxy.port });
    await fill(user);

    const broken = await runIngestion(ctx, companyId, "manual");
    expect(proxy.cuts()).toBe(1);
    expect(broken).toMatchObject({
      status: "failed",
      errorCode: expect.stringMatching(/CONNECTION|PROTOCOL|TIMEOUT/),
    });
    const again = await runIngestion(ctx, companyId, "manual");

    expect(again.status).toBe("ok");
    expect(await readFolder(user.user, user.password, "INBOX")).toHaveLength(0);
    const processed = (await readFolder(user.user, user.password, "Procesados")).map(
      (m) => m.messageId,
    );
    expect(processed.sort()).toEqual(["<fx1@p.example>", "<fx2@p.example>"]);
    expect(await readFolder(user.user, user.password, "Fallidos")).toHaveLength(1);
    await expectSettledOnce(ctx);
  });
});

describe("IMAP server replies", () => {
  let ctx: TestContext;
  let user: MailUser;
  let proxy: FaultProxy;
  beforeEach(async () => {
    ctx = await createTestContext();
    user = createMailUser("reply-imap");
  });
  afterEach(async () => {
    await proxy?.close();
    await ctx.dispose();
  });

  async function runThrough(plan: FaultPlan) {
    proxy = await startFaultProxy(mailServers().imapPort, plan);
    const companyId = await setupMailbox(ctx, user, { security: "none", port: proxy.port });
    await fill(user);
    const first = await runIngestion(ctx, companyId, "manual");
    expect(proxy.cuts()).toBe(1);
    const again = await runIngestion(ctx, companyId, "manual");
    expect(again.status).toBe("ok");
    expect(await readFolder(user.user, user.password, "INBOX")).toHaveLength(0);
    await expectSettledOnce(ctx);
    return first;
  }

  it("keeps e-mails stored and in the inbox when MOVE gets a tagged NO, and moves them next run", async () => {
    const first = await runThrough({
      trigger: /UID MOVE/,
      mode: "answer",
      answer: (tag) => `${tag} NO [SERVERBUG] Internal error occurred.\r\n`,
    });
    expect(first).toMatchObject({ status: "ok", fetched: 3, settled: 1 });
    expect(first.notes.join(" ")).toMatch(/no se pudieron mover/);
  });

  it("ends the run on a tagged BAD to the body FETCH, and takes every e-mail next run", async () => {
    const first = await runThrough({
      trigger: /BODY\.PEEK\[\]|BODY\[\]/,
      mode: "answer",
      answer: (tag) => `${tag} BAD Command Argument Error. 11\r\n`,
    });
    expect(first).toMatchObject({ status: "failed", fetched: 0 });
  });

  it("explains an Office 365 style throttling reply and tries again next run", async () => {
    const first = await runThrough({
      trigger: /SELECT|EXAMINE/,
      mode: "answer",
      answer: (tag) =>
        `${tag} NO Request is throttled. Suggested Backoff Time: 300 milliseconds\r\n`,
    });
    expect(first).toMatchObject({ status: "failed", errorCode: "THROTTLED" });
    expect(first.errorMessage).toMatch(/limitó/);
  });
});

describe("POP3 faults", () => {
  let ctx: TestContext;
  let user: MailUser;
  let backup: string;
  let proxy: FaultProxy | undefined;
  beforeEach(async () => {
    ctx = await createTestContext();
    user = createMailUser("fault-pop3");
    backup = `respaldo-${user.user}@buzon.test`;
  });
  afterEach(async () => {
    clearRefusals();
    await proxy?.close();
    proxy = undefined;
    await ctx.dispose();
  });

  it.each<[string, FaultPlan]>([
    ["dropped mid-RETR", { trigger: /^RETR 2/m, mode: "mid-reply", afterBytes: 400 }],
    ["dropped after DELE", { trigger: /^DELE 2/m, mode: "before-reply" }],
    ["dropped after QUIT was sent", { trigger: /^QUIT/m, mode: "before-reply" }],
    ["QUIT never answered", { trigger: /^QUIT/m, mode: "swallow-reply" }],
    [
      "QUIT answered with an error",
      { trigger: /^QUIT/m, mode: "answer", answer: () => "-ERR Internal error, try later\r\n" },
    ],
  ])("recovers from a connection %s, forwarding each e-mail once", async (_label, plan) => {
    proxy = await startFaultProxy(mailServers().pop3Port, plan);
    // A silent server is given up on after 2 s here, not the production minute.
    ctx.commandTimeoutMs = 2_000;
    const companyId = await setupMailbox(ctx, user, {
      protocol: "pop3",
      security: "none",
      port: proxy.port,
      backupEmail: backup,
    });
    await fill(user);

    const broken = await runIngestion(ctx, companyId, "manual");
    expect(proxy.cuts()).toBe(1);
    expect(broken.status).toBe("failed");
    const again = await runIngestion(ctx, companyId, "manual");

    expect(again.status).toBe("ok");
    expect(await readFolder(user.user, user.password, "INBOX")).toHaveLength(0);
    expect(readSink({ to: backup })).toHaveLength(3);
    await expectSettledOnce(ctx);
  });

  it.each(["temporary", "permanent"] as const)(
    "keeps every e-mail when the SMTP server refuses the forward (%s), and forwards it later",
    async (kind) => {
      const companyId = await setupMailbox(ctx, user, { protocol: "pop3", backupEmail: backup });
      await fill(user);
      refuseRecipient(backup, kind);

      const refused = await runIngestion(ctx, companyId, "manual");
      expect(refused).toMatchObject({ status: "ok", fetched: 3, settled: 0, pending: 3 });
      expect(refused.notes.join(" ")).toMatch(/SMTP/);
      expect(await readFolder(user.user, user.password, "INBOX")).toHaveLength(3);

      clearRefusals();
      const later = await runIngestion(ctx, companyId, "manual");
      expect(later).toMatchObject({ status: "ok", fetched: 0, settled: 3 });
      expect(readSink({ to: backup })).toHaveLength(3);
      await expectSettledOnce(ctx);
    },
  );
});
