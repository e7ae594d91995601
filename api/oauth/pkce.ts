/** RFC 7636 PKCE with S256: the verifier stays sealed on the server, its hash goes to the provider. */
import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes make a 43-character verifier, the shortest RFC 7636 §4.1 allows. */
export function createVerifier(): string {
  return randomBytes(32).toString("base64url");
}

export function challengeOf(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}
