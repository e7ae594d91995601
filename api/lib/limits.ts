/**
 * Every bound on network input, in one place. Each number says why it is what it is; tests go past
 * each of them.
 */

/** DIAN's annex caps the e-mail attachment at 2 MB; 25 MB leaves room for forwards and PDFs. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** A supplier ZIP holds an XML, a PDF and maybe an annex ZIP; 200 entries is generous. */
export const MAX_ZIP_ENTRIES = 200;

/** Total uncompressed bytes taken out of the ZIPs of one message. */
export const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;

/** One entry's uncompressed size. A signed AttachedDocument is rarely over 1 MB. */
export const MAX_ZIP_ENTRY_BYTES = 32 * 1024 * 1024;

/** XML and PDF compress 5–20×; past 200× the archive is a bomb, not an invoice. */
export const MAX_ZIP_RATIO = 200;

/**
 * The ratio check starts once an entry has inflated this much: a few KB of repetitive XML may
 * compress past MAX_ZIP_RATIO honestly, and below 1 MB nothing can hurt us.
 */
export const ZIP_RATIO_MIN_BYTES = 1024 * 1024;

/** ZIP inside ZIP (annexes), or e-mail inside e-mail (forwards): three levels are plenty. */
export const MAX_NESTING = 3;

/** UBL documents nest about 12 levels; 64 leaves room without letting a parser recurse forever. */
export const MAX_XML_DEPTH = 64;

/** Files examined per message (attachments plus ZIP entries). */
export const MAX_FILES_PER_MESSAGE = 500;

/** Network timeouts for mailbox servers. */
export const CONNECT_TIMEOUT_MS = 15_000;
export const COMMAND_TIMEOUT_MS = 60_000;

/** A lease outlives any sane run; a crashed holder frees the mailbox after this. */
export const LEASE_MS = 10 * 60_000;

/** Messages read per run: the rest waits for the next run, so one run stays bounded in time. */
export const MAX_MESSAGES_PER_RUN = 5_000;

/**
 * multipart/* containers in one message. A supplier's e-mail has two or three (mixed, alternative,
 * related); a forward doubles that. Past 50 the tree is built to exhaust the parser.
 */
export const MAX_MULTIPART_CONTAINERS = 50;

/** Header block read for identification when the body is not parsed (too large, or hostile). */
export const MAX_HEADER_BLOCK_BYTES = 256 * 1024;

/** RFC 5322 §2.1.1 caps lines at 998 characters; longer header lines are cut for reading. */
export const MAX_HEADER_LINE_CHARS = 4096;
