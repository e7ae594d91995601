/**
 * The blob store on Cloudflare R2, named like the file store (store/blobs.ts): a blob's key is the
 * SHA-256 of its bytes. The Node host keeps blobs in pack files, so moving a Node host's blobs to
 * R2 means reading each one out by name and putting it here; the names, and every database row
 * that points at them, stay the same.
 */
import { sha256Hex, SHA256_HEX, type BlobStore } from "../store/blobs.ts";
import type { R2Bucket } from "./bindings.ts";

const keyOf = (sha: string) => `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;

export function createR2BlobStore(bucket: R2Bucket): BlobStore {
  return {
    async put(bytes) {
      const sha = sha256Hex(bytes);
      const key = keyOf(sha);
      // R2 writes are atomic per object, and a name proves its content: skip what is there.
      if (!(await bucket.head(key))) await bucket.put(key, bytes);
      return sha;
    },
    async get(sha) {
      if (!SHA256_HEX.test(sha)) return null;
      const object = await bucket.get(keyOf(sha));
      return object ? new Uint8Array(await object.arrayBuffer()) : null;
    },
  };
}
