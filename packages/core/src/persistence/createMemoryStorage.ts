import type { KeyValueStorage } from './KeyValueStorage.ts';

/** A storage that can enumerate its keys, as `localStorage` can. */
export type EnumerableKeyValueStorage = KeyValueStorage & {
  readonly length: number;
  key(index: number): string | null;
};

/**
 * A `KeyValueStorage` held in memory: for SSR, tests, and the fallback when the browser's storage
 * is unavailable. Keys enumerate in insertion order, like `localStorage` in practice.
 *
 * @param initial Entries to start with.
 * @default initial `{}`
 */
export function createMemoryStorage(initial: Record<string, string> = {}): EnumerableKeyValueStorage {
  // A Map, not a plain object: keys such as `__proto__` must be ordinary keys here too.
  const entries = new Map<string, string>(Object.entries(initial));
  return {
    getItem: (key) => entries.get(String(key)) ?? null,
    setItem: (key, value) => {
      entries.set(String(key), String(value));
    },
    removeItem: (key) => {
      entries.delete(String(key));
    },
    get length() {
      return entries.size;
    },
    key: (index) => {
      if (!Number.isInteger(index) || index < 0 || index >= entries.size) return null;
      let i = 0;
      for (const key of entries.keys()) {
        if (i === index) return key;
        i += 1;
      }
      return null;
    },
  };
}
