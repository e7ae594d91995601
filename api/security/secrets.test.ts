import { describe, expect, it } from "vitest";
import { createSecretBox, generateSecretKey, parseSecretKey } from "./secrets.ts";

const key = () => parseSecretKey(generateSecretKey());

describe("secret box", () => {
  it("seals with a fresh IV and opens again", async () => {
    const box = await createSecretBox(key());
    const a = await box.seal("clave");
    const b = await box.seal("clave");
    expect(a).not.toBe(b);
    expect(a).not.toContain("clave");
    expect(await box.open(a)).toBe("clave");
  });

  it("opens envelopes of a previous key and seals with the current one", async () => {
    const oldKey = key();
    const before = await (await createSecretBox(oldKey)).seal("clave");
    const rotated = await createSecretBox(key(), [oldKey]);

    expect(rotated.isStale(before)).toBe(true);
    expect(await rotated.open(before)).toBe("clave");
    const after = await rotated.seal("clave");
    expect(rotated.isStale(after)).toBe(false);
    await expect((await createSecretBox(oldKey)).open(after)).rejects.toMatchObject({
      code: "INTERNAL",
    });
  });

  it("refuses a tampered envelope", async () => {
    const box = await createSecretBox(key());
    const sealed = await box.seal("clave");
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("AA") ? "BB" : "AA");
    await expect(box.open(tampered)).rejects.toMatchObject({ code: "INTERNAL" });
  });
});
