import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens } from "../db/schema.ts";
import { createApiHarness, type ApiHarness } from "../routes/test-harness.ts";
import {
  bootstrapCompany,
  createToken,
  findTokenCompany,
  hashToken,
  listTokens,
  revokeToken,
} from "./tokens.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.dispose());

describe("tokens", () => {
  it("bootstraps a company only on an empty database", async () => {
    expect(await bootstrapCompany(h.ctx)).toBeNull();
  });

  it("makes recognisable tokens and stores only their hash", async () => {
    const created = await createToken(h.ctx, h.companyId, "extensión");
    expect(created.token).toMatch(/^bz_[\w-]{43}$/);

    const rows = await h.ctx.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(rows[0]!.tokenHash).toBe(await hashToken(created.token));
    expect(JSON.stringify(await listTokens(h.ctx))).not.toContain(created.token);
    expect(await findTokenCompany(h.ctx, created.token)).toBe(h.companyId);
  });

  it("refuses a revoked token and a weak chosen one", async () => {
    const created = await createToken(h.ctx, h.companyId, "vieja");
    await h.ctx.db
      .update(apiTokens)
      .set({ revokedAt: new Date().toISOString() })
      .where(eq(apiTokens.id, created.id));
    expect(await findTokenCompany(h.ctx, created.token)).toBeNull();
    await expect(createToken(h.ctx, h.companyId, null, "corto")).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });

  it("revokes a token by id, once", async () => {
    const created = await createToken(h.ctx, h.companyId, "para revocar");
    expect(await revokeToken(h.ctx, created.id)).toBe(true);
    expect(await revokeToken(h.ctx, created.id)).toBe(false);
    expect(await findTokenCompany(h.ctx, created.token)).toBeNull();
    const res = await h.call("GET", "/api/v1/status", undefined, created.token);
    expect(res.status).toBe(401);
  });
});
