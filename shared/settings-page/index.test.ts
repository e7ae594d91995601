import { describe, expect, it } from "vitest";
import { findProvider } from "../providers.ts";
import { providerNote } from "./index.ts";

describe("providerNote", () => {
  it("tells an Outlook page what the form tells Outlook.com addresses", () => {
    const outlook = findProvider("facturas@outlook.com");
    expect(providerNote("outlook")).toBe(outlook?.note?.es);
    expect(providerNote("outlook", "en")).toBe(outlook?.note?.en);
    expect(providerNote("outlook")).toContain("OAuth 2.0");
  });

  it("has nothing to add on a cPanel page", () => {
    expect(providerNote("cpanel")).toBeNull();
  });
});
