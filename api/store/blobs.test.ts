import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createFileBlobStore, sha256Hex } from "./blobs.ts";

const bytesOf = (text: string) => new TextEncoder().encode(text);
const textOf = (bytes: Uint8Array | null) => (bytes ? new TextDecoder().decode(bytes) : null);

function freshRoot() {
  return mkdtempSync(join(tmpdir(), "buzon-blobs-"));
}

describe("file blob store", () => {
  it("answers the SHA-256 of the bytes and gives them back", async () => {
    const store = createFileBlobStore(freshRoot());
    const sha = await store.put(bytesOf("<Invoice/>"));
    expect(sha).toBe(sha256Hex(bytesOf("<Invoice/>")));
    expect(textOf(await store.get(sha))).toBe("<Invoice/>");
  });

  it("writes puts made together into one pack, each once", async () => {
    const root = freshRoot();
    const store = createFileBlobStore(root);
    const texts = ["a", "b", "a", "c", ""];
    const shas = await Promise.all(texts.map((text) => store.put(bytesOf(text))));
    await store.put(bytesOf("b"));

    expect(await Promise.all(shas.map(async (sha) => textOf(await store.get(sha))))).toEqual(texts);
    const files = readdirSync(join(root, "packs"));
    expect(files).toHaveLength(2);
    const index = files.find((name) => name.endsWith(".idx"))!;
    const lines = readFileSync(join(root, "packs", index), "latin1")
      .trim()
      .split("\n");
    expect(lines).toHaveLength(4);
  });

  it("reads blobs another process wrote into the same folder", async () => {
    const root = freshRoot();
    const reader = createFileBlobStore(root);
    expect(await reader.get(sha256Hex(bytesOf("late")))).toBeNull();
    const sha = await createFileBlobStore(root).put(bytesOf("late"));
    expect(textOf(await reader.get(sha))).toBe("late");
  });

  it("ignores an index line cut short by a crash", async () => {
    const root = freshRoot();
    const sha = await createFileBlobStore(root).put(bytesOf("whole"));
    const index = readdirSync(join(root, "packs")).find((name) => name.endsWith(".idx"))!;
    const ghost = sha256Hex(bytesOf("ghost"));
    appendFileSync(join(root, "packs", index), `${ghost} 5 5`);

    const reader = createFileBlobStore(root);
    expect(textOf(await reader.get(sha))).toBe("whole");
    expect(await reader.get(ghost)).toBeNull();
  });

  it("still reads blobs kept one file each, as the store wrote them before packs", async () => {
    const root = freshRoot();
    const sha = sha256Hex(bytesOf("loose"));
    mkdirSync(join(root, sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
    writeFileSync(join(root, sha.slice(0, 2), sha.slice(2, 4), sha), "loose");
    expect(textOf(await createFileBlobStore(root).get(sha))).toBe("loose");
  });

  it("refuses bytes that no longer match their name", async () => {
    const root = freshRoot();
    const store = createFileBlobStore(root);
    const sha = await store.put(bytesOf("original"));
    const pack = readdirSync(join(root, "packs")).find((name) => name.endsWith(".pack"))!;
    writeFileSync(join(root, "packs", pack), "damaged!");
    await expect(store.get(sha)).rejects.toThrow(/does not match/);
  });

  it("answers null for a name that is not a SHA-256 or not stored", async () => {
    const store = createFileBlobStore(freshRoot());
    expect(await store.get("../../etc/passwd")).toBeNull();
    expect(await store.get("0".repeat(64))).toBeNull();
  });
});
