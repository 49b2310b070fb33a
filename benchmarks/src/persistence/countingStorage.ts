import { createMemoryStorage, type KeyValueStorage } from '@rejoin/core';

/** A memory storage that counts what is written to it, as a localStorage spy would. */
export interface CountingStorage extends KeyValueStorage {
  readonly writes: number;
  /** Characters written (UTF-16 code units: the unit Web Storage quotas count). */
  readonly charactersWritten: number;
  /** Total size of what is stored now. */
  readonly storedCharacters: number;
}

export function createCountingStorage(): CountingStorage {
  const inner = createMemoryStorage();
  const sizes = new Map<string, number>();
  let writes = 0;
  let charactersWritten = 0;
  return {
    getItem: (key) => inner.getItem(key),
    setItem(key, value) {
      inner.setItem(key, value);
      writes += 1;
      charactersWritten += value.length;
      sizes.set(key, value.length);
    },
    removeItem(key) {
      inner.removeItem(key);
      sizes.delete(key);
    },
    get writes() {
      return writes;
    },
    get charactersWritten() {
      return charactersWritten;
    },
    get storedCharacters() {
      let total = 0;
      for (const size of sizes.values()) total += size;
      return total;
    },
  };
}
