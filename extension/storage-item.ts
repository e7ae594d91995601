/**
 * A typed value in extension storage: the part of wxt's storage the extension uses (get, set,
 * watch, a fallback) without its versioning, metadata and locks, which weighed 9 KB in the popup
 * and in the background each. Values stay where wxt kept them ("local:connection" is the key
 * "connection" of storage.local), so what a user saved before still reads back.
 */
import { browser } from "wxt/browser";

type AreaName = "local" | "session";

interface Change {
  newValue?: unknown;
  oldValue?: unknown;
}
type ChangeListener = (changes: Record<string, Change>) => void;

/** The calls made on browser.storage.local and browser.storage.session. */
export interface StorageArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
  onChanged: {
    addListener(listener: ChangeListener): void;
    removeListener(listener: ChangeListener): void;
  };
}

export interface StorageItem<T> {
  /** The stored value, or the fallback when there is none. */
  getValue(): Promise<T>;
  /** Null or undefined removes the value. */
  setValue(value: T): Promise<void>;
  removeValue(): Promise<void>;
  /** Called on each change of the value (fallback for none); returns the way to stop. */
  watch(callback: (value: T, old: T) => void): () => void;
}

const browserAreas = () => browser.storage as unknown as Record<AreaName, StorageArea>;

/** Deep equality for what storage holds (JSON-like values). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;

  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return (
    keys.length === Object.keys(y).length && keys.every((k) => k in y && sameValue(x[k], y[k]))
  );
}

/**
 * `spec` names the area and the key ("session:detected"). The area is looked up on each call, so
 * importing this outside an extension (unit tests) does not throw; `areas` stands in for
 * browser.storage in tests.
 */
export function defineItem<T>(
  spec: `${AreaName}:${string}`,
  options: { fallback: T },
  areas: () => Record<AreaName, StorageArea> = browserAreas,
): StorageItem<T> {
  const [areaName, key] = spec.split(/:(.*)/) as [AreaName, string];
  const area = () => areas()[areaName];
  const orFallback = (value: unknown) => (value ?? options.fallback) as T;

  return {
    getValue: async () => orFallback((await area().get(key))[key]),
    setValue: (value) => (value == null ? area().remove(key) : area().set({ [key]: value })),
    removeValue: () => area().remove(key),
    watch(callback) {
      const listener: ChangeListener = (changes) => {
        const change = changes[key];
        if (!change || sameValue(change.newValue, change.oldValue)) return;
        callback(orFallback(change.newValue), orFallback(change.oldValue));
      };
      area().onChanged.addListener(listener);
      return () => area().onChanged.removeListener(listener);
    },
  };
}
