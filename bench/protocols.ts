/**
 * Raw download against Buzón's pipeline on the same e-mails, for IMAP and POP3: both mailboxes
 * get the same generated set, the raw reader goes first (it changes nothing), then Buzón.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fillMailboxes } from "./fill.ts";
import { ingestInChild, type IngestResult } from "./ingest.ts";
import { clearSink, type BenchServers } from "./mail-servers.ts";
import { fetchAllRawImap, type RawResult } from "./raw-imap.ts";
import { retrieveAllRawPop3 } from "./raw-pop3.ts";

export interface PipelineResult {
  messages: number;
  raw: RawResult & { perSecond: number };
  buzon: Omit<IngestResult, "dir" | "secretKey"> & { perSecond: number; measured: number };
  /** Buzón's messages per second over raw's: the target is at least 0.5. */
  ratio: number;
}

export interface SizeResult {
  messages: number;
  bytesPerMailbox: number;
  fillMs: number;
  imap: PipelineResult;
  pop3: PipelineResult;
  /** The IMAP run's data folder (its documents serve the HTTP measurement); caller removes it. */
  imapData: { dir: string; secretKey: string };
}

function compare(raw: RawResult, buzon: IngestResult): PipelineResult {
  const rawRate = raw.messages / (raw.ms / 1000);
  // A run stopped at its time budget is measured on the e-mails it took until then.
  const measured = buzon.stoppedAtMs === null ? buzon.fetched : buzon.taken;
  const ms = buzon.stoppedAtMs ?? buzon.ms;
  const { dir: _dir, secretKey: _key, ...rest } = buzon;
  const perSecond = measured / (ms / 1000);
  return {
    messages: raw.messages,
    raw: { ...raw, perSecond: rawRate },
    buzon: { ...rest, measured, perSecond },
    ratio: perSecond / rawRate,
  };
}

export async function measureSize(
  servers: BenchServers,
  count: number,
  huge: boolean,
  pop3BudgetMs: number,
): Promise<SizeResult> {
  const users = [`imap-${count}`, `pop3-${count}`];
  const fill = await fillMailboxes(servers, users, count, huge);
  const [imapBox, pop3Box] = fill.boxes as [(typeof fill.boxes)[0], (typeof fill.boxes)[0]];

  const rawImap = await fetchAllRawImap(servers, imapBox);
  const imapPort = servers.imapsPort;
  const buzonImap = await ingestInChild(servers, {
    protocol: "imap",
    port: imapPort,
    users: [imapBox],
    mode: "single",
  });

  const rawPop3 = await retrieveAllRawPop3(servers, pop3Box);
  const buzonPop3 = await ingestInChild(servers, {
    protocol: "pop3",
    port: servers.pop3sPort,
    users: [pop3Box],
    mode: "single",
    deadlineMs: pop3BudgetMs,
  });
  rmSync(buzonPop3.dir, { recursive: true, force: true });
  clearSink(servers);
  for (const user of users) rmSync(join(servers.mailDir, user), { recursive: true, force: true });

  return {
    messages: count,
    bytesPerMailbox: fill.bytesPerBox,
    fillMs: fill.ms,
    imap: compare(rawImap, buzonImap),
    pop3: compare(rawPop3, buzonPop3),
    imapData: { dir: buzonImap.dir, secretKey: buzonImap.secretKey },
  };
}
