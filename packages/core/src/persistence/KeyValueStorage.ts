/**
 * The storage Rejoin persists to: the synchronous subset of the Web Storage API, so
 * `localStorage` and `sessionStorage` fit as they are and a test or SSR can pass a memory one.
 *
 * `length` and `key` are optional because only `clearAllRejoinData` needs to enumerate keys;
 * a storage without them still persists and restores.
 */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length?: number;
  key?(index: number): string | null;
}
