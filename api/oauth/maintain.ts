/**
 * Keeps every grant alive between runs: one whose mailbox is not being ingested (a paused
 * scheduler, a failing server) is still refreshed weekly, so the provider's inactivity limit never
 * counts down in silence; one that could not be refreshed for too long gets its reminder.
 */
import { eq } from "drizzle-orm";
import type { AppContext } from "../context.ts";
import { oauthGrants } from "../db/schema.ts";
import type { OAuthProviderId } from "./providers.ts";
import { daysSinceRefresh, sendInactivityReminder } from "./sign-in-alerts.ts";
import { getAccessToken, isSignInRequired } from "./token-store.ts";

/** Far inside Microsoft's 90 days and Google's 6 months, rare enough to cost nothing. */
export const KEEPALIVE_DAYS = 7;

export async function maintainGrants(ctx: AppContext): Promise<void> {
  const grants = await ctx.db.select().from(oauthGrants).where(eq(oauthGrants.status, "active"));
  for (const grant of grants) {
    if (daysSinceRefresh(grant, ctx.now()) >= KEEPALIVE_DAYS) {
      const provider = grant.provider as OAuthProviderId;
      await getAccessToken(ctx, grant.companyId, provider, { force: true }).catch((error) => {
        if (!isSignInRequired(error)) {
          ctx.logger.warn({ grantId: grant.id, code: error.code }, "oauth keep-alive failed");
        }
      });
    }
    const [current] = await ctx.db.select().from(oauthGrants).where(eq(oauthGrants.id, grant.id));
    if (current) {
      await sendInactivityReminder(ctx, current).catch((error: { code?: string }) =>
        ctx.logger.warn({ grantId: grant.id, code: error.code }, "sign-in reminder failed"),
      );
    }
  }
}
