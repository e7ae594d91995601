/** IMAP servers that differ from the default: a namespace prefix, no MOVE, no UIDPLUS. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { documents } from "../db/schema.ts";
import {
  appendMessage,
  createMailUser,
  listFolders,
  readFolder,
} from "../../test/harness/index.ts";
import { buildDianEmail, buildEmail } from "../../test/fixtures/index.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { setupMailbox } from "../../test/support/mailbox-setup.ts";
import { runIngestion } from "./run.ts";

async function ingestThree(
  ctx: TestContext,
  user: { user: string; password: string; email: string },
) {
  const companyId = await setupMailbox(ctx, user);
  await appendMessage(
    user.user,
    user.password,
    buildDianEmail({ number: "FN1", messageId: "<fn1@p.example>" }).raw,
  );
  await appendMessage(
    user.user,
    user.password,
    buildDianEmail({ number: "FN2", messageId: "<fn2@p.example>" }).raw,
  );
  await appendMessage(
    user.user,
    user.password,
    buildEmail({ subject: "x", messageId: "<x@p.example>" }),
  );
  return runIngestion(ctx, companyId, "manual");
}

describe("IMAP server variants", () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(() => ctx.dispose());

  it("creates Procesados and Fallidos under the personal namespace prefix", async () => {
    const user = createMailUser("ns", { settings: { "namespace/inbox/prefix": "INBOX." } });

    const summary = await ingestThree(ctx, user);

    expect(summary).toMatchObject({ status: "ok", processed: 2, failed: 1, settled: 3 });
    const folders = await listFolders(user.user, user.password);
    expect(folders).toEqual(expect.arrayContaining(["INBOX.Procesados", "INBOX.Fallidos"]));
    expect(folders).not.toContain("Procesados");
    expect(await readFolder(user.user, user.password, "INBOX.Procesados")).toHaveLength(2);
  });

  // Passwd-file extra fields cannot hold spaces, so the server announces IMAP4rev1 alone: no
  // MOVE (RFC 6851), no UIDPLUS (RFC 4315), no NAMESPACE, as old servers do.
  it("settles every e-mail on a server without MOVE and UIDPLUS (COPY, then expunge)", async () => {
    const user = createMailUser("nomove", { settings: { imap_capability: "IMAP4rev1" } });

    const summary = await ingestThree(ctx, user);

    expect(summary).toMatchObject({ status: "ok", processed: 2, failed: 1, settled: 3 });
    expect(await readFolder(user.user, user.password, "INBOX")).toHaveLength(0);
    expect(
      (await readFolder(user.user, user.password, "Procesados")).map((m) => m.messageId).sort(),
    ).toEqual(["<fn1@p.example>", "<fn2@p.example>"]);
    expect(await readFolder(user.user, user.password, "Fallidos")).toHaveLength(1);
    expect(await ctx.db.select().from(documents)).toHaveLength(2);
  });
});
