/**
 * kill -9 soak: a mailbox of N e-mails is ingested by a child process killed with SIGKILL, again
 * and again (after a seeded side effect, or from outside at a seeded random instant), then run to
 * the end. Afterwards every e-mail is in exactly one place and every document is stored exactly
 * once. `npm test` runs a short soak; `npm run test:faults` runs 20 rounds of 500 e-mails and
 * prints the tally.
 */
import { afterAll, describe, expect, it } from "vitest";
import { documents, messages } from "../../api/db/schema.ts";
import { LEASE_MS } from "../../api/lib/limits.ts";
import { appendMany, createMailUser, readFolder, readSink } from "../harness/index.ts";
import { buildDianEmail, buildEmail } from "../fixtures/index.ts";
import { setupMailbox } from "../support/mailbox-setup.ts";
import { runChild } from "../support/run-child.ts";
import { createTestContext } from "../support/test-context.ts";

const ROUNDS = Number(process.env.SOAK_ROUNDS ?? 2);
const MESSAGES = Number(process.env.SOAK_MESSAGES ?? 40);
const KILLS_PER_ROUND = 3;

/** mulberry32: a tiny seeded generator, so a failing round can be replayed by its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mostly invoices, some sent twice, some with nothing to read. */
function mailbox(count: number, round: number) {
  return Array.from({ length: count }, (_, i) => {
    const messageId = `<soak-${round}-${i}@p.example>`;
    if (i % 10 === 9) return buildEmail({ subject: `nada ${i}`, messageId });
    const number = i % 10 === 8 ? `FK${round}-${i - 1}` : `FK${round}-${i}`;
    return buildDianEmail({ number, messageId }).raw;
  });
}

const tally: Record<string, string | number>[] = [];

describe.each(Array.from({ length: ROUNDS }, (_, round) => round))(
  "kill -9 soak, round %i",
  (round) => {
    it(`ends with every e-mail in one place after ${KILLS_PER_ROUND} kills`, async () => {
      const seed = 1000 + round;
      const next = random(seed);
      const protocol = round % 2 === 0 ? "imap" : "pop3";
      const steps =
        protocol === "imap"
          ? (["stored", "moved"] as const)
          : (["stored", "forwarded", "deleted"] as const);
      const ctx = await createTestContext();
      const user = createMailUser(`soak-${protocol}`);
      const backup = `respaldo-${user.user}@buzon.test`;
      const companyId = await setupMailbox(ctx, user, { protocol, backupEmail: backup });
      const raws = mailbox(MESSAGES, round);
      await appendMany(user.user, user.password, raws);

      const kills: string[] = [];
      for (let k = 0; k < KILLS_PER_ROUND; k++) {
        const spec = { ...ctx.spec, clockOffsetMs: (k + 1) * (LEASE_MS + 1_000) };
        // Every other kill comes from outside at a random instant (mid-parse, mid-write,
        // mid-command), the others right after a chosen side effect.
        if (k % 2 === 1) {
          const ms = 300 + Math.floor(next() * 4_000);
          const child = await runChild({ spec, companyId, killAfterMs: ms });
          kills.push(`${ms} ms${child.signal === "SIGKILL" ? "" : " (ran out)"}`);
          continue;
        }
        const step = steps[Math.floor(next() * steps.length)]!;
        // MOVE goes in batches (a step per batch and folder); the others happen per e-mail.
        const occurrences = step === "moved" ? 2 : MESSAGES;
        const after = 1 + Math.floor(next() * occurrences * 0.8);
        const child = await runChild({ spec, companyId, step, after });
        kills.push(`${step}#${after}${child.signal === "SIGKILL" ? "" : " (ran out)"}`);
      }
      const lastOffset = (KILLS_PER_ROUND + 1) * (LEASE_MS + 1_000);
      const last = await runChild({ spec: { ...ctx.spec, clockOffsetMs: lastOffset }, companyId });
      expect(last.summary?.status, last.stderr).toBe("ok");

      const records = await ctx.db.select().from(messages);
      const docs = await ctx.db.select().from(documents);
      const expectedDocs =
        raws.length - Math.floor((MESSAGES + 1) / 10) - Math.floor((MESSAGES + 2) / 10);
      let placed: (string | undefined)[];
      if (protocol === "imap") {
        const folders = await Promise.all(
          ["INBOX", "Procesados", "Fallidos"].map((f) => readFolder(user.user, user.password, f)),
        );
        expect(folders[0]).toHaveLength(0);
        placed = [...folders[1]!, ...folders[2]!].map((m) => m.messageId);
      } else {
        expect(await readFolder(user.user, user.password, "INBOX")).toHaveLength(0);
        placed = readSink({ to: backup }).map(
          (m) => /Message-ID: (<soak-[^>]+>)/.exec(Buffer.from(m.raw).toString("latin1"))?.[1],
        );
      }
      const lost = MESSAGES - new Set(placed).size;
      const duplicated = placed.length - new Set(placed).size;
      tally.push({
        seed,
        protocol,
        messages: MESSAGES,
        kills: kills.join(", "),
        lost,
        duplicated,
        documents: docs.length,
      });

      expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
      expect(records).toHaveLength(MESSAGES);
      expect(records.every((r) => r.settleState === "settled")).toBe(true);
      expect(docs).toHaveLength(expectedDocs);
      expect(new Set(docs.map((d) => d.cufe)).size).toBe(docs.length);
      await ctx.dispose();
    }, 600_000);
  },
);

afterAll(() => {
  console.log("\nkill -9 tally");
  console.table(tally);
  const lost = tally.reduce((sum, row) => sum + Number(row.lost), 0);
  const duplicated = tally.reduce((sum, row) => sum + Number(row.duplicated), 0);
  console.log(`${tally.length} rounds: ${lost} lost, ${duplicated} duplicated`);
});
