import { MAX_NESTING } from "../lib/limits.ts";
import type { ReadBudget } from "./read-budget.ts";
import { describeProblem } from "./read-error.ts";
import { readHeaderSummary } from "./read-headers.ts";
import { readMimeAttachments, type MimeAttachment } from "./read-mime.ts";
import { unzipSafely } from "./safe-unzip.ts";
import { sniffFile, STORED_TYPES } from "./sniff-file.ts";
import type { ExtractedFile, FailureReason } from "./types.ts";

/** An XML or PDF found, with the container it came from (a ZIP or one e-mail's attachments). */
export interface FoundFile {
  name: string;
  bytes: Uint8Array;
  group: number;
}

export interface WalkState {
  budget: ReadBudget;
  files: ExtractedFile[];
  xmls: FoundFile[];
  pdfs: FoundFile[];
  warnings: { reason: FailureReason; detail: string }[];
  /** Subjects of forwarded messages, outermost first, for the subject hint. */
  forwardedSubjects: string[];
  groups: number;
}

/** Walks attachments read from one message (read-mime.ts), whatever their name or declared type. */
export async function walkAttachments(
  attachments: MimeAttachment[],
  mailDepth: number,
  state: WalkState,
): Promise<void> {
  const group = state.groups++;
  for (const attachment of attachments) {
    const name = attachment.filename ?? "";
    const place = { group, zipDepth: 0, mailDepth };
    await examineFile(name, attachment.contentType, attachment.content, place, state);
  }
}

interface Place {
  group: number;
  zipDepth: number;
  mailDepth: number;
}

async function examineFile(
  name: string,
  contentType: string,
  bytes: Uint8Array,
  place: Place,
  state: WalkState,
): Promise<void> {
  if (++state.budget.files > state.budget.maxFiles) {
    if (state.budget.files === state.budget.maxFiles + 1)
      warn(state, "LIMIT_EXCEEDED", `more than ${state.budget.maxFiles} files in the message`);
    return;
  }

  const kind = sniffFile(name, contentType, bytes);
  if (kind === "zip") return examineZip(name, bytes, place, state);
  if (kind === "message") return examineForward(name, bytes, place, state);
  if (kind === "other") return;

  state.files.push({ name, contentType: STORED_TYPES[kind], bytes });
  (kind === "xml" ? state.xmls : state.pdfs).push({ name, bytes, group: place.group });
}

async function examineZip(
  name: string,
  bytes: Uint8Array,
  place: Place,
  state: WalkState,
): Promise<void> {
  state.files.push({ name, contentType: STORED_TYPES.zip, bytes });
  if (place.zipDepth >= MAX_NESTING)
    return warn(state, "LIMIT_EXCEEDED", `ZIP ${name} is nested deeper than ${MAX_NESTING} levels`);

  try {
    const { entries, skipped } = unzipSafely(bytes, state.budget);
    state.warnings.push(...skipped);
    const inner = {
      group: state.groups++,
      zipDepth: place.zipDepth + 1,
      mailDepth: place.mailDepth,
    };
    for (const entry of entries) await examineFile(entry.name, "", entry.bytes, inner, state);
  } catch (error) {
    const { reason, detail } = describeProblem(error);
    warn(state, reason, `${name || "ZIP"}: ${detail}`);
  }
}

/** A forwarded e-mail attached as message/rfc822 is read like the message itself. */
async function examineForward(
  name: string,
  bytes: Uint8Array,
  place: Place,
  state: WalkState,
): Promise<void> {
  if (place.mailDepth >= MAX_NESTING)
    return warn(
      state,
      "LIMIT_EXCEEDED",
      `forwarded e-mail nested deeper than ${MAX_NESTING} levels`,
    );

  let attachments: MimeAttachment[];
  try {
    attachments = readMimeAttachments(bytes);
  } catch {
    return warn(state, "NO_DOCUMENT", `forwarded e-mail ${name || "(unnamed)"} is unreadable`);
  }
  const { subject } = await readHeaderSummary(bytes);
  if (subject) state.forwardedSubjects.push(subject);
  await walkAttachments(attachments, place.mailDepth + 1, state);
}

function warn(state: WalkState, reason: FailureReason, detail: string): void {
  state.warnings.push({ reason, detail });
}
