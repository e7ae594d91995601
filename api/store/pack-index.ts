/**
 * Where each blob lives in the pack files of a store. Every writer appends `<sha256> <offset>
 * <length>\n` to its own `.idx` beside its `.pack`, only after the bytes are written, so a line
 * always points at whole bytes; a line cut by a crash has no newline and is never read.
 */
import { open, readdir } from "node:fs/promises";
import { join } from "node:path";

export interface BlobLocation {
  pack: string;
  offset: number;
  length: number;
}

export const PACK_SUFFIX = ".pack";
export const INDEX_SUFFIX = ".idx";

const LINE = /^([0-9a-f]{64}) (\d+) (\d+)$/;

export function indexLine(sha: string, offset: number, length: number): string {
  return `${sha} ${offset} ${length}\n`;
}

/** Reads `file` from `from` to its end: the bytes and the size they end at. */
async function readTail(file: string, from: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(Math.max(0, size - from));
    if (tail.length > 0) await handle.read(tail, 0, tail.length, from);
    return tail;
  } finally {
    await handle.close();
  }
}

/** All index files of a folder, read incrementally: each refresh reads only what was added. */
export class PackIndex {
  private readonly locations = new Map<string, BlobLocation>();
  private readonly readUpTo = new Map<string, number>();
  private refreshing: Promise<void> | null = null;

  constructor(private readonly dir: string) {}

  get(sha: string): BlobLocation | undefined {
    return this.locations.get(sha);
  }

  add(sha: string, location: BlobLocation): void {
    this.locations.set(sha, location);
  }

  /** Reads what every writer (this process or another) has indexed since the last refresh. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readNewLines().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async readNewLines(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith(INDEX_SUFFIX))) {
      const from = this.readUpTo.get(name) ?? 0;
      const tail = await readTail(join(this.dir, name), from);
      const complete = tail.lastIndexOf(10) + 1;
      this.readUpTo.set(name, from + complete);
      const pack = name.slice(0, -INDEX_SUFFIX.length);
      for (const line of tail.toString("latin1", 0, complete).split("\n")) {
        const match = LINE.exec(line);
        if (!match) continue;
        this.locations.set(match[1]!, { pack, offset: Number(match[2]), length: Number(match[3]) });
      }
    }
  }
}
