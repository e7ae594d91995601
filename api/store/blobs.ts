/**
 * Content-addressed store for originals (raw e-mails, ZIPs, XMLs, PDFs): a blob's name is the
 * SHA-256 of its bytes, so storing the same file twice costs nothing and a name proves content.
 */
import { access, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";

export interface BlobStore {
  put(bytes: Uint8Array): Promise<string>;
  get(sha256: string): Promise<Uint8Array | null>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export function createFileBlobStore(root: string): BlobStore {
  const pathOf = (sha: string) => join(root, sha.slice(0, 2), sha.slice(2, 4), sha);

  return {
    async put(bytes) {
      const sha = sha256Hex(bytes);
      const target = pathOf(sha);
      // Same name, same bytes: a blob already there (the XML also kept as a document, a resent
      // e-mail) is not written again. Renames are atomic, so an existing file is a whole one.
      if (await exists(target)) return sha;
      await mkdir(join(target, ".."), { recursive: true });
      // Write then rename: a reader never sees half a blob, even after a crash.
      const temp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, target);
      return sha;
    },
    async get(sha) {
      if (!SHA256_HEX.test(sha)) return null;
      try {
        return new Uint8Array(await readFile(pathOf(sha)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
  };
}
