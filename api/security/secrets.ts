/**
 * Secrets at rest: AES-256-GCM through WebCrypto (the same code runs on Node and on Workers).
 * An envelope reads `v1.<keyId>.<iv>.<ciphertext>` (base64url), where keyId names the key that
 * sealed it, so that a key can be rotated while old envelopes still open.
 */
import { BuzonError } from "../lib/errors.ts";

const IV_BYTES = 12;

export interface SecretBox {
  /** The key that seals; envelopes sealed by a previous key still open. */
  readonly keyId: string;
  seal(plain: string): Promise<string>;
  open(envelope: string): Promise<string>;
  /** True when the envelope was sealed by another key than the current one. */
  isStale(envelope: string): boolean;
}

function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(text, "base64url"));
}

/** Accepts 32 bytes as 64 hex digits or as base64/base64url. */
export function parseSecretKey(text: string): Uint8Array<ArrayBuffer> {
  const trimmed = text.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : Buffer.from(trimmed, "base64");
  if (bytes.length !== 32) {
    throw new BuzonError(
      "INVALID_INPUT",
      "BUZON_SECRET_KEY debe tener 32 bytes (64 hex o base64).",
    );
  }
  return new Uint8Array(bytes);
}

export function generateSecretKey(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

async function keyIdOf(raw: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", raw));
  return Buffer.from(digest.subarray(0, 4)).toString("hex");
}

async function importKey(raw: Uint8Array<ArrayBuffer>) {
  const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
  return { id: await keyIdOf(raw), key };
}

const unreadable = (cause?: unknown) =>
  new BuzonError("INTERNAL", "No fue posible descifrar un secreto guardado.", { cause });

/**
 * `current` seals; `previous` keys only open, so a key can be replaced while envelopes sealed by
 * the old one are re-sealed (`npm run buzon -- secrets rotate`).
 */
export async function createSecretBox(
  current: Uint8Array<ArrayBuffer>,
  previous: Uint8Array<ArrayBuffer>[] = [],
): Promise<SecretBox> {
  const sealing = await importKey(current);
  const keys = new Map(
    [sealing, ...(await Promise.all(previous.map(importKey)))].map((k) => [k.id, k.key]),
  );

  return {
    keyId: sealing.id,
    async seal(plain) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const data = new TextEncoder().encode(plain);
      const sealed = new Uint8Array(
        await crypto.subtle.encrypt({ name: "AES-GCM", iv }, sealing.key, data),
      );
      return ["v1", sealing.id, toBase64Url(iv), toBase64Url(sealed)].join(".");
    },
    async open(envelope) {
      const [version, id, iv, sealed] = envelope.split(".");
      const key = id ? keys.get(id) : undefined;
      if (version !== "v1" || !key || !iv || !sealed) throw unreadable();
      try {
        const plain = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: fromBase64Url(iv) },
          key,
          fromBase64Url(sealed),
        );
        return new TextDecoder().decode(plain);
      } catch (cause) {
        throw unreadable(cause);
      }
    },
    isStale: (envelope) => envelope.split(".")[1] !== sealing.id,
  };
}
