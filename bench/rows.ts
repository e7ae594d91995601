/** Turns the collected results into the table's rows, each with its target where one is set. */
import type { EntrySize } from "./extension-size.ts";
import type { RouteLoad } from "./http-load.ts";
import type { ManyResult } from "./many-mailboxes.ts";
import type { PipelineResult, SizeResult } from "./protocols.ts";
import { count, kb, mb, rate, secs, type Row } from "./report.ts";

const RSS_TARGET_BYTES = 256 * 1024 * 1024;

function pipelineRows(name: string, rawName: string, n: number, p: PipelineResult): Row[] {
  const partial =
    p.buzon.stoppedAtMs === null
      ? ""
      : ` (stopped at its ${secs(p.buzon.stoppedAtMs)} budget after ${count(p.buzon.measured)})`;
  return [
    {
      measurement: `${rawName}, ${count(n)}`,
      value: `${rate(p.raw.perSecond)} (${secs(p.raw.ms)})`,
    },
    {
      measurement: `Buzón over ${name}, ${count(n)}`,
      value: `${rate(p.buzon.perSecond)}${partial}`,
    },
    {
      measurement: `  Buzón / raw ${name}, ${count(n)}`,
      value: p.ratio.toFixed(2),
      target: "≥ 0.50",
      met: p.ratio >= 0.5,
    },
  ];
}

function sizeRows(s: SizeResult): Row[] {
  const huge = s.imap.buzon.outcomes;
  return [
    {
      measurement: `fill ${count(s.messages)} e-mails × 2 mailboxes`,
      value: `${secs(s.fillMs)} (${mb(s.bytesPerMailbox)} each)`,
    },
    ...pipelineRows("IMAP", "raw IMAP UID FETCH", s.messages, s.imap),
    { measurement: `  IMAP outcomes`, value: JSON.stringify(huge) },
    ...pipelineRows("POP3", "raw POP3 RETR", s.messages, s.pop3),
  ];
}

function rssRows(s: SizeResult): Row[] {
  return (["imap", "pop3"] as const).map((protocol) => {
    const b = s[protocol].buzon;
    return {
      measurement: `peak RSS, ${protocol.toUpperCase()} ${count(s.messages)} (25 MB e-mail among them)`,
      value:
        `${mb(b.peakRssBytes)} (${mb(b.startRssBytes)} before the run; at peak ` +
        `V8 heap ${mb(b.memoryAtPeak.heapTotal)}, buffers ${mb(b.memoryAtPeak.external)})`,
      target: "< 256 MB",
      met: b.peakRssBytes < RSS_TARGET_BYTES,
    };
  });
}

function manyRows(m: ManyResult): Row[] {
  const label = `${m.mailboxes} mailboxes × ${m.perMailbox}`;
  return [
    { measurement: `fill ${label} × 2`, value: secs(m.fillMs) },
    {
      measurement: `${label}, one host (scheduler)`,
      value: `${secs(m.together.ms)}, slowest mailbox ${secs(m.together.slowestRunMs)}, ${m.together.okRuns}/${m.together.runs} ok`,
    },
    {
      measurement: `${label}, one after another`,
      value: `${secs(m.oneByOne.ms)}, slowest mailbox ${secs(m.oneByOne.slowestRunMs)}`,
    },
    {
      measurement: `  one host / one after another`,
      value: m.ratio.toFixed(2),
      target: "< 0.25",
      met: m.ratio < 0.25,
    },
  ];
}

function extensionRows(e: { buildMs: number; sizes: Record<string, EntrySize> }): Row[] {
  return Object.entries(e.sizes).map(([entry, size]) => ({
    measurement: `extension ${entry} (${size.files.length} files)`,
    value: `${kb(size.rawBytes)} raw, ${kb(size.gzipBytes)} gzip`,
    ...(entry === "popup" ? { target: "< 25 KB gzip", met: size.gzipBytes < 25 * 1024 } : {}),
  }));
}

export function tableRows(r: Record<string, any>): Row[] {
  const rows: Row[] = [];
  const sizes = (r.sizes ?? []) as SizeResult[];
  for (const s of sizes) rows.push(...sizeRows(s));
  if (sizes.at(-1)) rows.push(...rssRows(sizes.at(-1)!));
  if (r.many) rows.push(...manyRows(r.many));
  if (r.extension) rows.push(...extensionRows(r.extension));
  if (r.highlight) {
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    rows.push({
      measurement: "settings rendered → values highlighted",
      value: `median ${ms(r.highlight.medianMs)} (${r.highlight.latenciesMs.map(ms).join(", ")})`,
      target: "≤ 50 ms",
      met: r.highlight.medianMs <= 50,
    });
  }
  for (const route of (r.http?.routes ?? []) as RouteLoad[]) {
    rows.push({
      measurement: `GET ${route.path}, ${r.http.connections} connections`,
      value: `${route.requestsPerSecond.toFixed(0)} req/s, p99 ${route.p99Ms} ms (${route.non2xx} non-2xx)`,
    });
  }
  rows.push({ measurement: "whole benchmark", value: secs(r.totalMs) });
  return rows;
}
