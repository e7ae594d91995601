/**
 * One e-mail, from raw bytes to a committed record: extract its documents, apply the company's
 * rules, keep the originals, and write the message with its documents in one transaction. Nothing
 * here touches the mail server: settling comes after, and only for committed records. The runs
 * take e-mails a batch at a time with the same two steps.
 */
import type { AppContext } from "../context.ts";
import { prepareMessage, type ProcessInput } from "./prepare-message.ts";
import { recordMessages, type ProcessedMessage } from "./record-messages.ts";

export type { MessageSource, ProcessInput } from "./prepare-message.ts";
export type { Outcome, ProcessedMessage } from "./record-messages.ts";

export async function processMessage(
  ctx: AppContext,
  input: ProcessInput,
): Promise<ProcessedMessage> {
  const [result] = await recordMessages(ctx, [await prepareMessage(ctx, input)]);
  return result!;
}
