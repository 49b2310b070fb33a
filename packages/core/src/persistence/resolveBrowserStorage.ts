import { isDevelopment } from '../environment/isDevelopment.ts';
import { StorageError } from '../errors/RejoinError.ts';
import { createMemoryStorage } from './createMemoryStorage.ts';
import type { KeyValueStorage } from './KeyValueStorage.ts';
import { REJOIN_KEY_PREFIX } from './storageKey.ts';
import { describeCause, isQuotaExceeded } from './toStorageError.ts';

/** What `resolveBrowserStorage` picked. */
export interface ResolvedStorage {
  readonly storage: KeyValueStorage;
  /** Why the memory fallback was used; null when `localStorage` works. Report it once. */
  readonly error: StorageError | null;
  /** False with the memory fallback: nothing survives a refresh. */
  readonly persistent: boolean;
}

const PROBE_KEY = `${REJOIN_KEY_PREFIX}probe`;

// The advice is development-only (see environment/isDevelopment.ts); production keeps the facts.
const IN_MEMORY =
  isDevelopment
    ? ' The client keeps its state in memory, so a refresh will not resume streams or resend queued messages; ' +
      'pass a `storage` of your own to persist elsewhere.'
    : '';

/**
 * `globalThis.localStorage` when it exists and accepts a write, else a memory storage and a
 * `storage/unavailable` error to report. The probe matters: private browsing and "block site
 * data" settings expose a `localStorage` whose access or `setItem` throws (old Safari: a quota of 0).
 *
 * Looks at globals only when called, never at import, so it is safe to import during SSR.
 */
export function resolveBrowserStorage(): ResolvedStorage {
  let candidate: unknown;
  try {
    // Reading the property itself throws (SecurityError) when site data is blocked.
    candidate = (globalThis as { localStorage?: unknown }).localStorage;
    if (!isKeyValueStorage(candidate)) {
      return fallback(
        isDevelopment
          ? `[rejoin] There is no localStorage here (server rendering, a worker, or an old runtime).${IN_MEMORY}`
          : '[rejoin] There is no localStorage here.',
      );
    }
    candidate.setItem(PROBE_KEY, '1');
    candidate.removeItem(PROBE_KEY);
  } catch (cause) {
    const why = isQuotaExceeded(cause)
      ? isDevelopment
        ? 'has no room (private browsing gives it a quota of 0)'
        : 'has no room'
      : 'cannot be used';
    return fallback(`[rejoin] localStorage ${why}: probing it threw ${describeCause(cause)}.${IN_MEMORY}`, cause);
  }
  return { storage: candidate, error: null, persistent: true };
}

function fallback(message: string, cause?: unknown): ResolvedStorage {
  const error = new StorageError('storage/unavailable', message, cause === undefined ? {} : { cause });
  return { storage: createMemoryStorage(), error, persistent: false };
}

function isKeyValueStorage(value: unknown): value is KeyValueStorage {
  if (typeof value !== 'object' || value === null) return false;
  const { getItem, setItem, removeItem } = value as Record<string, unknown>;
  return typeof getItem === 'function' && typeof setItem === 'function' && typeof removeItem === 'function';
}
