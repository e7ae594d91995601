/**
 * POP3 has no folders, so each e-mail is kept by forwarding it to the company's backup address
 * before it is deleted: a new e-mail from Buzón's own address that carries the original byte for
 * byte, with the outcome in its subject and body.
 */
import type { Mailer } from "../alerts/mailer.ts";
import { describeReason } from "../../shared/reasons.ts";

export interface ForwardInput {
  to: string;
  outcome: string;
  reasonCode: string | null;
  subject: string | null;
  uidl: string;
  raw: Uint8Array;
}

/** Header injection guard: a subject from the supplier must stay one line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, " ").slice(0, 200);
}

export function forwardSubject(input: ForwardInput): string {
  const original = oneLine(input.subject ?? "(sin asunto)");
  return input.outcome === "failed"
    ? `[Buzón] Fallido (${input.reasonCode}): ${original}`
    : `[Buzón] Procesado: ${original}`;
}

function forwardBody(input: ForwardInput): string {
  const status =
    input.outcome === "failed"
      ? `Resultado: Fallido. Motivo (${input.reasonCode}): ${describeReason(input.reasonCode ?? "INTERNAL")}`
      : "Resultado: Procesado. Los documentos del correo quedaron registrados en Buzón.";
  return [
    "Buzón recibió este correo en el buzón de recepción (POP3) y lo reenvía como respaldo antes de",
    "eliminarlo del servidor. El correo original va adjunto sin cambios.",
    "",
    status,
    "",
    "Buzón received this e-mail in the POP3 reception mailbox and forwards it as a backup before",
    "deleting it from the server. The original is attached unchanged.",
  ].join("\n");
}

export async function forwardOriginal(mailer: Mailer, input: ForwardInput): Promise<void> {
  await mailer.send({
    to: input.to,
    subject: forwardSubject(input),
    text: forwardBody(input),
    original: { filename: `original-${input.uidl.replace(/[^\w.-]/g, "_")}.eml`, bytes: input.raw },
  });
}
