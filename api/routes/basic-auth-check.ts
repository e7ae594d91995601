/**
 * `basic` for a mailbox whose domain's MX points at Microsoft 365: the form cannot see DNS, the
 * API can. Refused with the same code and words as `basic` on Microsoft's own hosts.
 */
import type { AppContext } from "../context.ts";
import { mailboxAtMicrosoft365 } from "../discovery/index.ts";
import {
  BASIC_AUTH_DISABLED_MESSAGE,
  type ReceptionConfig,
} from "../../shared/reception-config.ts";
import { ValidationError } from "./validation.ts";

export async function assertBasicAllowed(ctx: AppContext, form: ReceptionConfig): Promise<void> {
  if (form.serverType !== "basic" || !form.username.includes("@")) return;
  if (!(await mailboxAtMicrosoft365(ctx, form.username))) return;
  throw new ValidationError([
    { path: "serverType", code: "BASIC_AUTH_DISABLED", message: BASIC_AUTH_DISABLED_MESSAGE },
  ]);
}
