/** The results as a table with targets, and as JSON for comparing runs. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Row {
  measurement: string;
  value: string;
  target?: string;
  met?: boolean;
}

const MB = 1024 * 1024;
export const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const rate = (perSecond: number) => `${perSecond.toFixed(1)} msg/s`;
export const count = (n: number) => n.toLocaleString("en-US");

export function printTable(title: string, rows: Row[]): void {
  const cells = rows.map((r) => [
    r.measurement,
    r.value,
    r.target ?? "",
    r.met === undefined ? "" : r.met ? "met" : "not met",
  ]);
  const header = ["measurement", "value", "target", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((cell, i) => cell.padEnd(widths[i]!)).join("  ");
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const c of cells) console.log(line(c));
}

export function writeResults(root: string, results: unknown): string {
  const dir = join(root, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "latest.json");
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
