/**
 * Property tests: whatever bytes arrive, the reader gives an outcome and never throws. Inputs are
 * random bytes and valid DIAN e-mails damaged at random (bytes flipped, cut, spliced).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDianEmail } from "../../test/fixtures/index.ts";
import { extractMessage } from "./index.ts";

const valid = buildDianEmail({ number: "FE-PROP" }).raw;

function hasOutcome(result: Awaited<ReturnType<typeof extractMessage>>): boolean {
  return result.documents.length > 0 || result.events.length > 0 || result.failure !== null;
}

const damage = fc.oneof(
  fc.record({
    kind: fc.constant("flip" as const),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("splice" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ maxLength: 64 }),
  }),
);

type Damage = { kind: string; at: number; byte?: number; bytes?: Uint8Array };

function apply(raw: Uint8Array, changes: Damage[]) {
  let out = new Uint8Array(raw);
  for (const change of changes) {
    const at = change.at % Math.max(out.length, 1);
    if (change.kind === "flip") out[at] = change.byte!;
    else if (change.kind === "cut") out = out.subarray(0, at);
    else out = new Uint8Array([...out.subarray(0, at), ...change.bytes!, ...out.subarray(at)]);
  }
  return out;
}

describe("the MIME-to-document reader, for any input", () => {
  it("gives random bytes an outcome without throwing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        expect(hasOutcome(await extractMessage(bytes))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("gives damaged DIAN e-mails an outcome without throwing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(damage, { minLength: 1, maxLength: 6 }), async (changes) => {
        expect(hasOutcome(await extractMessage(apply(valid, changes)))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
