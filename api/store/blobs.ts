/**
 * Content-addressed store for originals (raw e-mails, ZIPs, XMLs, PDFs): a blob's name is the
 * SHA-256 of its bytes, so storing the same file twice costs nothing and a name proves content.
 */
import { createHash } from "node:crypto";
import { open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { PACK_SUFFIX, PackIndex, type BlobLocation } from "./pack-index.ts";
import { PackWriter } from "./pack-writer.ts";

export interface BlobStore {
  put(bytes: Uint8Array): Promise<string>;
  get(sha256: string): Promise<Uint8Array | null>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A blob name: lower-case hex SHA-256; anything else names no blob in any store. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

async function readAt(file: string, { offset, length }: BlobLocation): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const bytes = new Uint8Array(length);
    for (let done = 0; done < length;) {
      const { bytesRead } = await handle.read(bytes, done, length - done, offset + done);
      if (bytesRead === 0) throw new Error(`blob store: ${file} ends before ${offset + length}`);
      done += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

/** Blobs written before packs: one file each, at `ab/cd/<sha>`. Still read, never written. */
async function readLooseFile(root: string, sha: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(join(root, sha.slice(0, 2), sha.slice(2, 4), sha)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Blobs in append-only pack files under `<root>/packs` (see pack-writer.ts). Several processes
 * may share the folder: each writes its own pack and reads every pack's index.
 */
export function createFileBlobStore(root: string): BlobStore {
  const dir = join(root, "packs");
  const index = new PackIndex(dir);
  const writer = new PackWriter(dir, index);

  const locate = async (sha: string) => {
    if (!index.get(sha)) await index.refresh();
    return index.get(sha);
  };

  return {
    async put(bytes) {
      const sha = sha256Hex(bytes);
      // Same name, same bytes: a blob this process already holds is not written again.
      if (!index.get(sha)) await writer.append(sha, bytes);
      return sha;
    },
    async get(sha) {
      if (!SHA256_HEX.test(sha)) return null;
      const location = await locate(sha);
      if (!location) return readLooseFile(root, sha);
      const bytes = await readAt(join(dir, location.pack + PACK_SUFFIX), location);
      // The name proves the content: a damaged pack must not serve other bytes under it.
      if (sha256Hex(bytes) !== sha) throw new Error(`blob store: ${sha} does not match its bytes`);
      return bytes;
    },
  };
}
