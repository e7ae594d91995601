import { fakeBrowser } from "wxt/testing/fake-browser";
import { afterEach, describe, expect, it, vi } from "vitest";
import { defineItem, type StorageArea } from "../../extension/storage-item.ts";

type Areas = Record<"local" | "session", StorageArea>;
const areas = () => fakeBrowser.storage as unknown as Areas;

interface Connection {
  apiUrl: string;
  token: string;
}
const connection = () =>
  defineItem<Connection | null>("local:connection", { fallback: null }, areas);
const saved = { apiUrl: "http://127.0.0.1:8787", token: "bz_1" };

afterEach(() => fakeBrowser.reset());

describe("defineItem", () => {
  it("reads the fallback until a value is stored", async () => {
    const item = connection();
    expect(await item.getValue()).toBeNull();

    await item.setValue(saved);
    expect(await item.getValue()).toEqual(saved);
  });

  it("keeps the value where wxt's storage kept it: the key without its area", async () => {
    await fakeBrowser.storage.local.set({ connection: saved });
    expect(await connection().getValue()).toEqual(saved);

    await connection().setValue({ ...saved, token: "bz_2" });
    expect(await fakeBrowser.storage.local.get("connection")).toEqual({
      connection: { ...saved, token: "bz_2" },
    });
    expect(await fakeBrowser.storage.session.get("connection")).toEqual({});
  });

  it("removes the value when set to null", async () => {
    const item = connection();
    await item.setValue(saved);
    await item.setValue(null);
    expect(await fakeBrowser.storage.local.get("connection")).toEqual({});
    expect(await item.getValue()).toBeNull();
  });

  it("reports changes of its own key with the fallback for none, until unwatched", async () => {
    const item = defineItem<Record<string, number>>("session:detected", { fallback: {} }, areas);
    const seen = vi.fn();
    const stop = item.watch(seen);

    await item.setValue({ 7: 1 });
    await fakeBrowser.storage.session.set({ other: 1 });
    await fakeBrowser.storage.local.set({ detected: { 7: 2 } });
    await item.removeValue();
    expect(seen.mock.calls).toEqual([
      [{ 7: 1 }, {}],
      [{}, { 7: 1 }],
    ]);

    stop();
    await item.setValue({ 8: 1 });
    expect(seen).toHaveBeenCalledTimes(2);
  });

  it("stays quiet when a write leaves the value as it was", async () => {
    const item = connection();
    await item.setValue(saved);
    const seen = vi.fn();
    item.watch(seen);

    await item.setValue({ token: "bz_1", apiUrl: "http://127.0.0.1:8787" });
    expect(seen).not.toHaveBeenCalled();
  });
});
