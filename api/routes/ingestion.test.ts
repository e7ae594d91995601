import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leases, mailboxes, runs } from "../db/schema.ts";
import { createApiHarness, type ApiHarness } from "./test-harness.ts";

// Runs against a real mailbox are tested end to end by the ingestion's own suites.
let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.dispose());

describe("ingestion runs", () => {
  it("answers 409 NOT_CONFIGURED without a mailbox", async () => {
    const res = await h.call("POST", "/api/v1/ingestion/runs");
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("NOT_CONFIGURED");
  });

  it("answers 409 CONFLICT while another run holds the mailbox", async () => {
    const [mailbox] = await h.ctx.db
      .insert(mailboxes)
      .values({
        companyId: h.companyId,
        serverType: "basic",
        protocol: "imap",
        host: "127.0.0.1",
        port: 1,
        security: "ssl",
        username: "recepcion@empresa.co",
        passwordEnc: await h.ctx.secrets.seal("x"),
      })
      .returning({ id: mailboxes.id });
    const expiresAt = Date.now() + 60 * 60_000;
    await h.ctx.db.insert(leases).values({ mailboxId: mailbox!.id, holder: "other", expiresAt });

    const res = await h.call("POST", "/api/v1/ingestion/runs");
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("CONFLICT");
  });

  it("lists past runs newest first, paginated", async () => {
    for (let i = 1; i <= 3; i++) {
      await h.ctx.db.insert(runs).values({
        companyId: h.companyId,
        mailboxId: 1,
        trigger: "schedule",
        startedAt: `2026-03-0${i}T12:00:00.000Z`,
        status: "ok",
        processed: i,
        notes: i === 3 ? "uno\ndos" : null,
      });
    }
    const res = await h.call("GET", "/api/v1/ingestion/runs?pageSize=2");
    const body = await res.json();
    expect(body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(body.items.map((r: { processed: number }) => r.processed)).toEqual([3, 2]);
    expect(body.items[0].notes).toEqual(["uno", "dos"]);
  });
});
