/**
 * The reception mailbox's settings form: read, save, forget, and try out ("Probar conexión").
 * One mailbox per company.
 */
import { Hono } from "hono";
import type { AppContext } from "../context.ts";
import { testConnection } from "../ingest/index.ts";
import { findMailboxRow, openMailboxSettings, type MailboxRow } from "../ingest/settings.ts";
import { BuzonError, isBuzonError } from "../lib/errors.ts";
import { checkMailServer } from "../security/host-policy.ts";
import { receptionConfigSchema } from "./reception-config-schema.ts";
import { changedFieldNames, recordAudit } from "../security/audit.ts";
import { actorOf, companyOf, type AppEnv } from "./env.ts";
import { deleteMailbox, draftSettings, saveMailbox, toReceptionView } from "./mailbox-store.ts";
import { assertBasicAllowed } from "./basic-auth-check.ts";
import { assertPasswordReusable } from "./password-reuse.ts";
import { parseOrThrow, readJson, ValidationError } from "./validation.ts";
import { bogotaDate } from "../../shared/dates.ts";

async function requireMailbox(ctx: AppContext, companyId: number) {
  const row = await findMailboxRow(ctx, companyId);
  if (!row) throw new BuzonError("NOT_CONFIGURED");
  return row;
}

/**
 * The host policy's checks that need no DNS (port, security, a private IP typed as the host),
 * answered as a field issue of the form instead of at the first run.
 */
function assertServerUsable(
  ctx: AppContext,
  form: { host: string; port: number; security: string },
): void {
  try {
    checkMailServer(ctx, form.host, form.port, form.security);
  } catch (error) {
    if (!isBuzonError(error)) throw error;
    const details = error.details ?? {};
    throw new ValidationError([
      {
        path: String(details.field ?? "host"),
        code: String(details.code ?? details.reason ?? error.code),
        message: error.userMessage,
      },
    ]);
  }
}

/** OAuth mailboxes store no password: switching one to basic asks for it. */
const hasPassword = (row: MailboxRow | null) => row !== null && row.passwordEnc !== "";

export function receptionConfigRoutes(ctx: AppContext) {
  return new Hono<AppEnv>()
    .get("/", async (c) => c.json(toReceptionView(await requireMailbox(ctx, companyOf(c)))))
    .put("/", async (c) => {
      const existing = await findMailboxRow(ctx, companyOf(c));
      const schema = receptionConfigSchema({
        passwordStored: hasPassword(existing),
        today: bogotaDate(ctx.now()),
        keptExpiresOn: existing?.passwordExpiresOn ?? null,
      });
      const form = parseOrThrow(schema, await readJson(c));
      assertPasswordReusable(form, existing);
      assertServerUsable(ctx, form);
      await assertBasicAllowed(ctx, form);

      const row = await saveMailbox(ctx, companyOf(c), form, existing);
      const view = toReceptionView(row);
      const before = existing ? { ...toReceptionView(existing) } : null;
      const fields = changedFieldNames(before, {
        ...view,
        passwordSet: undefined,
        updatedAt: undefined,
      });
      if (form.password) fields.push("password");
      await recordAudit(ctx, {
        companyId: companyOf(c),
        actor: actorOf(c),
        action: "reception-config.saved",
        detail: { fields },
      });
      return c.json(view, existing ? 200 : 201);
    })
    .delete("/", async (c) => {
      if (!(await deleteMailbox(ctx, companyOf(c)))) throw new BuzonError("NOT_CONFIGURED");
      const entry = {
        companyId: companyOf(c),
        actor: actorOf(c),
        action: "reception-config.deleted",
      };
      await recordAudit(ctx, entry);
      return c.json({ deleted: true });
    })
    .post("/test", async (c) => {
      const body = await readJson(c);
      const existing = await findMailboxRow(ctx, companyOf(c));
      if (body === null) {
        if (!existing) throw new BuzonError("NOT_CONFIGURED");
        return c.json(await testConnection(ctx, await openMailboxSettings(ctx, existing)));
      }

      // The expiry date plays no part in a connection test: not checked against today here.
      const schema = receptionConfigSchema({ passwordStored: hasPassword(existing) });
      const form = parseOrThrow(schema, body);
      assertPasswordReusable(form, existing);
      await assertBasicAllowed(ctx, form);
      const settings = await draftSettings(ctx, companyOf(c), form, existing);
      return c.json(await testConnection(ctx, settings));
    });
}
