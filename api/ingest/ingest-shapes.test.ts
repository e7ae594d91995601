/**
 * Every failure reason and every awkward shape, end to end: appended to a real Dovecot inbox,
 * ingested, and found in the right folder with the right reason code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents, events, messages } from "../db/schema.ts";
import { MAX_MESSAGE_BYTES } from "../lib/limits.ts";
import { sha256Hex } from "../store/blobs.ts";
import {
  appendMessage,
  createMailUser,
  readFolder,
  type MailUser,
} from "../../test/harness/index.ts";
import * as fixtures from "../../test/fixtures/index.ts";
import { buildApplicationResponseXml } from "../../test/fixtures/build-documents.ts";
import { createTestContext, type TestContext } from "../../test/support/test-context.ts";
import { setupMailbox } from "../../test/support/mailbox-setup.ts";
import type { RunSummary } from "./types.ts";
import { runIngestion } from "./run.ts";

/** A valid invoice e-mail padded with a text attachment past MAX_MESSAGE_BYTES. */
function oversizeEmail(): Uint8Array {
  const padding = new Uint8Array(MAX_MESSAGE_BYTES).fill(0x61);
  const usual = fixtures.buildDianEmail({ number: "FE-GRANDE" });
  return fixtures.buildEmail({
    subject: usual.subject,
    attachments: [
      { filename: usual.zipName, contentType: "application/zip", bytes: usual.zip },
      { filename: "relleno.txt", contentType: "text/plain", bytes: padding },
    ],
  });
}

function eventEmail(): Uint8Array {
  const event = buildApplicationResponseXml({ code: "030" });
  return fixtures.buildEmail({
    subject: "Evento 030 Acuse de recibo",
    attachments: [
      {
        filename: "ar030.xml",
        contentType: "text/xml",
        bytes: new TextEncoder().encode(event.xml),
      },
    ],
  });
}

const FAILING: [string, () => Uint8Array, string][] = [
  ["no attachment", () => fixtures.emailWithoutAttachment().raw, "NO_DOCUMENT"],
  ["a truncated ZIP", () => fixtures.truncatedZip().raw, "INVALID_ZIP"],
  ["a zip bomb", () => fixtures.zipBomb().raw, "LIMIT_EXCEEDED"],
  ["a ZIP with too many entries", () => fixtures.zipWithTooManyEntries().raw, "LIMIT_EXCEEDED"],
  ["an XML with a DOCTYPE", () => fixtures.xmlWithDoctype().raw, "MALFORMED_XML"],
  ["an XML that is not DIAN's", () => fixtures.nonDianXml().raw, "UNSUPPORTED_DOCUMENT"],
  ["a test-environment document", () => fixtures.testEnvironmentDocument().raw, "TEST_ENVIRONMENT"],
  [
    "a document for another buyer",
    () => fixtures.buildDianEmail({ customer: { nit: "900999999", name: "OTRO" } }).raw,
    "WRONG_RECIPIENT_NIT",
  ],
  ["a message over the size cap", oversizeEmail, "MESSAGE_TOO_LARGE"],
];

const PASSING: [string, () => fixtures.AwkwardEmail][] = [
  ["a ZIP inside a ZIP", () => fixtures.zipInsideZip({ number: "FE-ZZ" })],
  ["a bare AttachedDocument", () => fixtures.bareAttachedDocument({ number: "FE-BARE" })],
  ["a bare Invoice", () => fixtures.bareInvoice()],
  ["a forwarded e-mail", () => fixtures.forwardedEmail({ number: "FE-FWD" })],
  ["a ZIP with the wrong type", () => fixtures.zipWithWrongType()],
  ["two documents", () => fixtures.twoDocuments()],
  ["a traversal entry beside a good document", () => fixtures.zipWithTraversalEntry(true)],
  [
    "an escaped embedded invoice",
    () => fixtures.attachedDocumentVariant({ embedding: "escaped", number: "FE-ESC" }),
  ],
  [
    "a base64 embedded invoice",
    () => fixtures.attachedDocumentVariant({ embedding: "base64", number: "FE-B64" }),
  ],
  [
    "a Latin-1 container with a BOM",
    () => fixtures.attachedDocumentVariant({ encoding: "ISO-8859-1", number: "FE-LAT" }),
  ],
];

describe("ingestion of awkward and broken e-mails", () => {
  let ctx: TestContext;
  let user: MailUser;
  let summary: RunSummary;
  const failing = FAILING.map(([label, build, code]) => ({ label, raw: build(), code }));
  const passing = PASSING.map(([label, build]) => ({ label, mail: build() }));
  const event = eventEmail();

  beforeAll(async () => {
    ctx = await createTestContext();
    user = createMailUser("shapes");
    const companyId = await setupMailbox(ctx, user, { companyNit: "830034343" });
    for (const raw of [...failing.map((f) => f.raw), ...passing.map((p) => p.mail.raw), event]) {
      await appendMessage(user.user, user.password, raw);
    }
    summary = await runIngestion(ctx, companyId, "manual");
  }, 120_000);
  afterAll(() => ctx.dispose());

  it("takes every e-mail and empties the inbox", async () => {
    expect(summary).toMatchObject({ status: "ok", fetched: failing.length + passing.length + 1 });
    expect(await readFolder(user.user, user.password, "INBOX")).toHaveLength(0);
  });

  it.each(FAILING.map(([label, , code]) => [label, code]))(
    "sends %s to Fallidos as %s",
    async (label, code) => {
      const { raw } = failing.find((f) => f.label === label)!;
      const record = (await ctx.db.select().from(messages)).find(
        (m) =>
          m.sha256 === sha256Hex(raw) || (code === "MESSAGE_TOO_LARGE" && m.reasonCode === code),
      );
      expect(record).toMatchObject({ outcome: "failed", reasonCode: code, settledTo: "Fallidos" });
    },
  );

  it.each(PASSING.map(([label]) => [label]))("stores the documents of %s", async (label) => {
    const { mail } = passing.find((p) => p.label === label)!;
    const stored = new Set((await ctx.db.select().from(documents)).map((d) => d.cufe));
    for (const cufe of mail.cufes) expect(stored.has(cufe), label).toBe(true);
    const record = (await ctx.db.select().from(messages)).find(
      (m) => m.sha256 === sha256Hex(mail.raw),
    );
    expect(record?.settledTo).toBe("Procesados");
  });

  it("records an e-mail holding a DIAN event as an event, in Procesados", async () => {
    const record = (await ctx.db.select().from(messages)).find(
      (m) => m.sha256 === sha256Hex(event),
    );
    expect(record).toMatchObject({ outcome: "event", settledTo: "Procesados" });
    const stored = await ctx.db.select().from(events);
    expect(stored.map((e) => e.code)).toEqual(["030"]);
  });

  it("puts exactly the failing e-mails in Fallidos", async () => {
    expect(await readFolder(user.user, user.password, "Fallidos")).toHaveLength(failing.length);
  });
});
