import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mailboxes } from "../db/schema.ts";
import { runIngestion } from "../ingest/run.ts";
import { appendMessage, createMailUser, type MailUser } from "../../test/harness/index.ts";
import { buildDianEmail } from "../../test/fixtures/index.ts";
import { setupMailbox } from "../../test/support/mailbox-setup.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { rotateSecrets } from "./rotate-secrets.ts";
import { createSecretBox, generateSecretKey, parseSecretKey } from "./secrets.ts";

describe("secret key rotation", () => {
  let ctx: TestContext;
  let user: MailUser;
  beforeEach(async () => {
    ctx = await createTestContext();
    user = createMailUser("rotate");
  });
  afterEach(() => ctx.dispose());

  it("keeps ingesting while envelopes move to the new key, then works with the new key alone", async () => {
    const oldKey = parseSecretKey(generateSecretKey());
    const newKey = parseSecretKey(generateSecretKey());
    ctx.secrets = await createSecretBox(oldKey);
    const companyId = await setupMailbox(ctx, user);
    await appendMessage(user.user, user.password, buildDianEmail({ number: "FK1" }).raw);

    ctx.secrets = await createSecretBox(newKey, [oldKey]);
    expect(await runIngestion(ctx, companyId, "manual")).toMatchObject({
      status: "ok",
      processed: 1,
    });
    expect(await rotateSecrets(ctx)).toBe(1);
    expect(await rotateSecrets(ctx)).toBe(0);

    ctx.secrets = await createSecretBox(newKey);
    await appendMessage(user.user, user.password, buildDianEmail({ number: "FK2" }).raw);
    expect(await runIngestion(ctx, companyId, "manual")).toMatchObject({
      status: "ok",
      processed: 1,
    });
    const [row] = await ctx.db.select().from(mailboxes);
    await expect((await createSecretBox(oldKey)).open(row!.passwordEnc)).rejects.toMatchObject({
      code: "INTERNAL",
    });
  });
});
