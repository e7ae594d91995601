import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { documents } from "../db/schema.ts";
import { buildDianEmail, buildEmail } from "../../test/fixtures/index.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { prepareMessage } from "./prepare-message.ts";
import { recordMessages } from "./record-messages.ts";

let ctx: TestContext;
let uid = 0;

function prepare(raw: Uint8Array) {
  uid += 1;
  return prepareMessage(ctx, {
    companyId: 1,
    mailboxId: 1,
    companyNit: null,
    runId: null,
    source: {
      protocol: "imap",
      sourceKey: `imap:1:${uid}`,
      uidValidity: "1",
      uid,
      size: raw.length,
    },
    raw,
    oversize: false,
  });
}

async function record(raws: Uint8Array[]) {
  const prepared = await Promise.all(raws.map(prepare));
  return (await recordMessages(ctx, prepared)).map((r) => [r.outcome, r.reasonCode]);
}

describe("recording a batch of e-mails", () => {
  beforeEach(async () => {
    ctx = await createTestContext({ smtp: false });
  });
  afterEach(() => ctx.dispose());

  it("decides each outcome in order, counting the e-mails before it in the same batch", async () => {
    const first = buildDianEmail({ number: "FB1", messageId: "<fb1@p.example>" }).raw;
    const resent = buildDianEmail({ number: "FB1", messageId: "<fb1-bis@p.example>" }).raw;
    const empty = buildEmail({ subject: "Sin adjuntos", messageId: "<nada@p.example>" });

    expect(await record([first, resent, first, empty])).toEqual([
      ["processed", null],
      ["duplicate", null],
      ["duplicate", null],
      ["failed", "NO_DOCUMENT"],
    ]);
    expect(await ctx.db.select().from(documents)).toHaveLength(1);
  });

  it("counts documents and copies stored by an earlier batch as duplicates", async () => {
    const first = buildDianEmail({ number: "FB2", messageId: "<fb2@p.example>" }).raw;
    const other = buildDianEmail({ number: "FB3", messageId: "<fb3@p.example>" }).raw;
    await record([first]);
    const resent = buildDianEmail({ number: "FB2", messageId: "<fb2-bis@p.example>" }).raw;

    expect(await record([resent, other, first])).toEqual([
      ["duplicate", null],
      ["processed", null],
      ["duplicate", null],
    ]);
    expect(await ctx.db.select().from(documents)).toHaveLength(2);
  });
});
