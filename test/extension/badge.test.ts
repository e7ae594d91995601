import { describe, expect, it } from "vitest";
import {
  badgeFor,
  GREY,
  pollMinutesFor,
  RED,
  tabBadgeFor,
} from "../../extension/background/badge.ts";
import type { StatusSnapshot } from "../../extension/storage.ts";
import type { StatusView } from "../../shared/api-types.ts";

function snapshot(unseen: number, mailbox: Partial<StatusView["mailbox"]> = {}): StatusSnapshot {
  return {
    checkedAt: "2026-12-01T12:00:00Z",
    error: null,
    status: {
      failed: { total: unseen, unseen },
      lastRun: null,
      mailbox: {
        state: "ok",
        lastErrorCode: null,
        lastErrorMessage: null,
        configured: true,
        healthy: true,
        ...mailbox,
      },
      passwordExpiresInDays: null,
    },
  };
}

describe("toolbar badge", () => {
  it("shows unseen failures in red, capped at 99+", () => {
    expect(badgeFor(snapshot(3))).toMatchObject({ text: "3", color: RED });
    expect(badgeFor(snapshot(150)).text).toBe("99+");
  });

  it("is empty when nothing waits", () => {
    expect(badgeFor(snapshot(0)).text).toBe("");
  });

  it("shows a red ! with the reason when the mailbox is not being read", () => {
    const badge = badgeFor(
      snapshot(0, {
        healthy: false,
        lastErrorMessage: "El servidor rechazó el usuario o la contraseña.",
      }),
    );
    expect(badge).toMatchObject({ text: "!", color: RED });
    expect(badge.title).toContain("rechazó");
  });

  it("shows a red ! asking to sign in again when an OAuth mailbox needs it", () => {
    const badge = badgeFor(snapshot(0, { state: "needs_signin", healthy: true }));
    expect(badge).toMatchObject({ text: "!", color: RED });
    expect(badge.title).toMatch(/vuelve a iniciar sesión/);

    const fromSignIn = snapshot(2);
    fromSignIn.status!.signIn = {
      provider: "microsoft",
      account: "recepcion@empresa.com.co",
      state: "needs_signin",
      refreshedAt: "2026-09-01T12:00:00Z",
      inactivityLimitInDays: 0,
    };
    expect(badgeFor(fromSignIn)).toMatchObject({ text: "!", color: RED });
  });

  it("shows a grey ! when the API cannot be reached", () => {
    const unreachable: StatusSnapshot = {
      checkedAt: "",
      status: null,
      error: { code: "UNREACHABLE", message: "No hay conexión con la API." },
    };
    expect(badgeFor(unreachable)).toMatchObject({ text: "!", color: GREY });
  });

  it("marks a tab with detected values unless failures wait", () => {
    expect(tabBadgeFor(badgeFor(snapshot(0))).text).toBe("✓");
    expect(tabBadgeFor(badgeFor(snapshot(2))).text).toBe("2");
  });

  it("polls every minute while failures are unseen, otherwise every five", () => {
    expect(pollMinutesFor(snapshot(1))).toBe(1);
    expect(pollMinutesFor(snapshot(0))).toBe(5);
  });
});
