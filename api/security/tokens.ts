/**
 * API tokens. A token is shown once, when created; the database keeps only its SHA-256, so a
 * leaked database grants nothing, and a lookup by hash compares no secret byte by byte.
 */
import { and, count, eq, isNull } from "drizzle-orm";
import type { AppContext } from "../context.ts";
import { apiTokens, companies } from "../db/schema.ts";
import { BuzonError } from "../lib/errors.ts";

/** Recognisable in logs, configs and secret scanners. */
export const TOKEN_PREFIX = "bz_";

/** 32 random bytes: far beyond guessing, short enough to paste. */
const TOKEN_BYTES = 32;

/** A token chosen by an operator (BUZON_BOOTSTRAP_TOKEN) must not be guessable either. */
export const MIN_TOKEN_CHARS = 24;

export function generateToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(TOKEN_BYTES));
  return TOKEN_PREFIX + Buffer.from(bytes).toString("base64url");
}

export function assertStrongToken(token: string): void {
  if (token.length < MIN_TOKEN_CHARS || /\s/.test(token)) {
    const message = `El token debe tener al menos ${MIN_TOKEN_CHARS} caracteres y ningún espacio.`;
    throw new BuzonError("INVALID_INPUT", message);
  }
}

export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Buffer.from(digest).toString("hex");
}

/**
 * A live token's id and company; null for an unknown or revoked one. Looked up by its SHA-256:
 * the database compares hashes, so timing says nothing about the token itself.
 */
export async function findToken(
  ctx: AppContext,
  token: string,
): Promise<{ id: number; companyId: number } | null> {
  const rows = await ctx.db
    .select({ id: apiTokens.id, companyId: apiTokens.companyId })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, await hashToken(token)), isNull(apiTokens.revokedAt)));
  return rows[0] ?? null;
}

/** The company a live token belongs to; null for an unknown or revoked token. */
export async function findTokenCompany(ctx: AppContext, token: string): Promise<number | null> {
  return (await findToken(ctx, token))?.companyId ?? null;
}

export interface CreatedToken {
  id: number;
  companyId: number;
  label: string | null;
  /** The only time the token itself exists outside the client. */
  token: string;
}

export async function createToken(
  ctx: AppContext,
  companyId: number,
  label: string | null,
  token = generateToken(),
): Promise<CreatedToken> {
  assertStrongToken(token);

  const [row] = await ctx.db
    .insert(apiTokens)
    .values({ companyId, label, tokenHash: await hashToken(token) })
    .returning({ id: apiTokens.id });
  return { id: row!.id, companyId, label, token };
}

export interface TokenInfo {
  id: number;
  companyId: number;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export async function listTokens(ctx: AppContext): Promise<TokenInfo[]> {
  return ctx.db
    .select({
      id: apiTokens.id,
      companyId: apiTokens.companyId,
      label: apiTokens.label,
      createdAt: apiTokens.createdAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .orderBy(apiTokens.id);
}

/**
 * On an empty database, creates the first company and its token (the given one, or a new one).
 * Answers null when a company already exists: the bootstrap token is a first-start affair only.
 */
export async function bootstrapCompany(
  ctx: AppContext,
  token?: string,
  label = "bootstrap",
): Promise<(CreatedToken & { generated: boolean }) | null> {
  const [existing] = await ctx.db.select({ n: count() }).from(companies);
  if (existing && existing.n > 0) return null;
  if (token !== undefined) assertStrongToken(token);

  const [company] = await ctx.db.insert(companies).values({}).returning({ id: companies.id });
  const created = await createToken(ctx, company!.id, label, token);
  return { ...created, generated: token === undefined };
}

/** Revokes a token by id; answers whether one was active. The hash stays, marked revoked. */
export async function revokeToken(ctx: AppContext, id: number): Promise<boolean> {
  const result = await ctx.db
    .update(apiTokens)
    .set({ revokedAt: ctx.now().toISOString() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
  return result.rowsAffected === 1;
}
