/**
 * E-mails taken per batch (one UID FETCH, or a run of RETRs, then one transaction), bounded in
 * count and bytes: one round trip and one commit for many small e-mails, while a batch of large
 * ones stays within memory. The largest single e-mail is MAX_MESSAGE_BYTES and makes a batch of
 * its own; larger ones are never downloaded.
 */
const BATCH_MESSAGES = 50;
const BATCH_BYTES = 16 * 1024 * 1024;

const bytesOf = (batch: { size: number }[]) => batch.reduce((sum, entry) => sum + entry.size, 0);

/**
 * Whether two batches may be in memory at once (one downloading while the other is read) and
 * stay within one batch's bound: a batch of large e-mails, or the 25 MB one, is taken alone.
 */
export function fitTogether(a: { size: number }[], b: { size: number }[]): boolean {
  return bytesOf(a) + bytesOf(b) <= BATCH_BYTES;
}

/** Splits listed e-mails into batches by count and listed size, in order. */
export function batchesOf<T extends { size: number }>(entries: T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const full = current.length >= BATCH_MESSAGES || bytes + entry.size > BATCH_BYTES;
    if (current.length > 0 && full) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
