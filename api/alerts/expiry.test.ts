import { describe, expect, it } from "vitest";
import { bogotaDate, daysUntil } from "./expiry.ts";

describe("password expiry calendar", () => {
  it("counts days in Bogotá, not UTC", () => {
    // 03:00 UTC on 10 Dec is still 9 Dec at 22:00 in Bogotá (UTC-5).
    const now = new Date("2026-12-10T03:00:00Z");
    expect(bogotaDate(now)).toBe("2026-12-09");
    expect(daysUntil("2026-12-14", now)).toBe(5);
  });

  it("is zero on the day and negative after", () => {
    const now = new Date("2026-12-14T15:00:00Z");
    expect(daysUntil("2026-12-14", now)).toBe(0);
    expect(daysUntil("2026-12-13", now)).toBe(-1);
  });
});
