/**
 * A run killed with SIGKILL at each point between two side effects, then run again: every e-mail
 * ends in exactly one place, every document is stored once, every forward is sent once.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { documents, messages } from "../db/schema.ts";
import { LEASE_MS } from "../lib/limits.ts";
import {
  appendMessage,
  createMailUser,
  readFolder,
  readSink,
  type MailUser,
} from "../../test/harness/index.ts";
import { buildDianEmail } from "../../test/fixtures/build-dian-email.ts";
import { buildEmail } from "../../test/fixtures/build-email.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { setupMailbox } from "../../test/support/mailbox-setup.ts";
import { runChild } from "../../test/support/run-child.ts";
import { runIngestion, type RunStep } from "./index.ts";

function runAndCrash(ctx: TestContext, companyId: number, step: RunStep, after: number) {
  return runChild({ spec: ctx.spec, companyId, step, after });
}

async function fillMailbox(user: MailUser) {
  const mails = [
    buildDianEmail({ number: "FC1", messageId: "<fc1@proveedor.example>" }).raw,
    buildDianEmail({ number: "FC2", messageId: "<fc2@proveedor.example>" }).raw,
    buildEmail({ subject: "Sin adjuntos", messageId: "<vacio@proveedor.example>" }),
  ];
  for (const raw of mails) await appendMessage(user.user, user.password, raw);
}

/** The second run starts after the dead run's lease has expired. */
function afterLeaseExpiry(ctx: TestContext) {
  ctx.setNow(new Date(Date.now() + LEASE_MS + 1_000));
}

describe("IMAP crash safety", () => {
  let ctx: TestContext;
  let user: MailUser;
  beforeEach(async () => {
    ctx = await createTestContext();
    user = createMailUser("crash-imap");
  });
  afterEach(() => ctx.dispose());

  it.each([
    ["stored", 1],
    ["stored", 3],
    ["moved", 1],
    ["moved", 2],
  ] as const)("finishes the job after a kill at %s #%i", async (step, after) => {
    const companyId = await setupMailbox(ctx, user);
    await fillMailbox(user);

    const crash = await runAndCrash(ctx, companyId, step, after);
    expect(crash.signal, crash.stderr).toBe("SIGKILL");
    afterLeaseExpiry(ctx);
    const summary = await runIngestion(ctx, companyId, "manual");

    expect(summary.status).toBe("ok");
    expect(await readFolder(user.user, user.password, "INBOX")).toHaveLength(0);
    const processed = (await readFolder(user.user, user.password, "Procesados")).map(
      (m) => m.messageId,
    );
    expect(processed.sort()).toEqual(["<fc1@proveedor.example>", "<fc2@proveedor.example>"]);
    const failed = (await readFolder(user.user, user.password, "Fallidos")).map((m) => m.messageId);
    expect(failed).toEqual(["<vacio@proveedor.example>"]);
    expect((await ctx.db.select().from(documents)).map((d) => d.number).sort()).toEqual([
      "FC1",
      "FC2",
    ]);
    const records = await ctx.db.select().from(messages);
    expect(records).toHaveLength(3);
    expect(records.every((r) => r.settleState === "settled")).toBe(true);
  });
});

describe("POP3 crash safety", () => {
  let ctx: TestContext;
  let user: MailUser;
  let backup: string;
  beforeEach(async () => {
    ctx = await createTestContext();
    user = createMailUser("crash-pop3");
    backup = `respaldo-${user.user}@buzon.test`;
  });
  afterEach(() => ctx.dispose());

  it.each([
    ["stored", 1],
    ["forwarded", 1],
    ["forwarded", 3],
    ["deleted", 2],
    ["deleted", 3],
    ["quit", 1],
  ] as const)("finishes the job after a kill at %s #%i", async (step, after) => {
    const companyId = await setupMailbox(ctx, user, { protocol: "pop3", backupEmail: backup });
    await fillMailbox(user);

    const crash = await runAndCrash(ctx, companyId, step, after);
    expect(crash.signal, crash.stderr).toBe("SIGKILL");
    afterLeaseExpiry(ctx);
    const summary = await runIngestion(ctx, companyId, "manual");

    expect(summary.status).toBe("ok");
    expect(await readFolder(user.user, user.password, "INBOX")).toHaveLength(0);
    expect(readSink({ to: backup })).toHaveLength(3);
    expect((await ctx.db.select().from(documents)).map((d) => d.number).sort()).toEqual([
      "FC1",
      "FC2",
    ]);
    const records = await ctx.db.select().from(messages);
    expect(records).toHaveLength(3);
    expect(records.every((r) => r.settleState === "settled")).toBe(true);
  });
});
