/**
 * What the extension's badge polls: failed e-mails not yet seen, the last run, the mailbox's
 * health and how many days the password has left.
 */
import { and, count, desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import type { AppContext } from "../context.ts";
import { messages, runs } from "../db/schema.ts";
import { daysUntil } from "../alerts/expiry.ts";
import { findMailboxRow } from "../ingest/settings.ts";
import {
  CLIENT_REJECTED_CODE,
  clientRejectedMessage,
  isClientRejectedGrant,
} from "../oauth/client-rejected.ts";
import {
  CLIENT_UNAUTHORIZED_CODE,
  clientUnauthorized,
  isClientUnauthorizedGrant,
} from "../oauth/provider-errors.ts";
import type { OAuthProviderId } from "../oauth/providers.ts";
import { daysSinceRefresh, INACTIVITY_LIMIT_DAYS } from "../oauth/sign-in-alerts.ts";
import { findGrant, type GrantRow } from "../oauth/token-store.ts";
import type { SignInView, StatusView } from "../../shared/api-types.ts";
import { companyOf, type AppEnv } from "./env.ts";
import { toRunView } from "./run-view.ts";

async function countFailed(ctx: AppContext, companyId: number) {
  const failed = and(eq(messages.companyId, companyId), eq(messages.outcome, "failed"));
  const [total] = await ctx.db.select({ n: count() }).from(messages).where(failed);
  const [unseen] = await ctx.db
    .select({ n: count() })
    .from(messages)
    .where(and(failed, eq(messages.seen, false)));
  return { total: total?.n ?? 0, unseen: unseen?.n ?? 0 };
}

async function readSignIn(ctx: AppContext, companyId: number): Promise<SignInView | null> {
  const grant = await findGrant(ctx, companyId);
  if (!grant) return null;
  const provider = grant.provider as OAuthProviderId;
  const view = {
    provider,
    account: grant.account,
    state: grant.status,
    refreshedAt: grant.refreshedAt,
    inactivityLimitInDays: INACTIVITY_LIMIT_DAYS - daysSinceRefresh(grant, ctx.now()),
  };
  const problem = registrationProblem(grant, provider);
  // The grant is fine; the provider refuses Buzón's app registration (an operator's matter).
  return problem ? { ...view, state: "client_rejected", problem } : view;
}

function registrationProblem(grant: GrantRow, provider: OAuthProviderId) {
  if (isClientRejectedGrant(grant)) {
    return { code: CLIENT_REJECTED_CODE, message: clientRejectedMessage(provider) };
  }
  if (isClientUnauthorizedGrant(grant)) {
    return { code: CLIENT_UNAUTHORIZED_CODE, message: clientUnauthorized(provider).userMessage };
  }
  return null;
}

async function readStatus(ctx: AppContext, companyId: number): Promise<StatusView> {
  const mailbox = await findMailboxRow(ctx, companyId);
  const signIn = await readSignIn(ctx, companyId);
  const [lastRun] = await ctx.db
    .select()
    .from(runs)
    .where(eq(runs.companyId, companyId))
    .orderBy(desc(runs.id))
    .limit(1);

  return {
    failed: await countFailed(ctx, companyId),
    lastRun: lastRun ? toRunView(lastRun) : null,
    mailbox: {
      state: mailbox?.state ?? null,
      lastErrorCode: mailbox?.lastErrorCode ?? null,
      lastErrorMessage: mailbox?.lastErrorMessage ?? null,
      configured: mailbox !== null,
      // The scheduler keeps healthAlertAt: set for the length of an incident (alerts/health.ts).
      healthy: mailbox
        ? mailbox.healthAlertAt === null &&
          mailbox.state !== "needs_signin" &&
          signIn?.state !== "client_rejected"
        : true,
      lastSuccessAt: mailbox?.lastSuccessAt ?? null,
      failingSince: mailbox?.failingSince ?? null,
    },
    passwordExpiresInDays: mailbox?.passwordExpiresOn
      ? daysUntil(mailbox.passwordExpiresOn, ctx.now())
      : null,
    ...(signIn ? { signIn } : {}),
  };
}

export function statusRoutes(ctx: AppContext) {
  return new Hono<AppEnv>()
    .get("/", async (c) => c.json(await readStatus(ctx, companyOf(c))))
    .post("/seen", async (c) => {
      const marked = await ctx.db
        .update(messages)
        .set({ seen: true })
        .where(
          and(
            eq(messages.companyId, companyOf(c)),
            eq(messages.outcome, "failed"),
            eq(messages.seen, false),
          ),
        )
        .returning({ id: messages.id });
      return c.json({ marked: marked.length });
    });
}
