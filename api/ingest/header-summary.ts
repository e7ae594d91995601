import { simpleParser } from "mailparser";

export interface HeaderSummary {
  messageId: string | null;
  subject: string | null;
  from: string | null;
  date: Date | null;
}

/** Reads the identifying headers of a message whose body was not downloaded (too large). */
export async function readHeaderSummary(header: Uint8Array): Promise<HeaderSummary> {
  try {
    const parsed = await simpleParser(Buffer.from(header), { skipHtmlToText: true });
    return {
      messageId: parsed.messageId ?? null,
      subject: parsed.subject ?? null,
      from: parsed.from?.value[0]?.address ?? parsed.from?.text ?? null,
      date: parsed.date ?? null,
    };
  } catch {
    return { messageId: null, subject: null, from: null, date: null };
  }
}
