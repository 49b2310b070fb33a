import { StorageError } from '../errors/RejoinError.ts';
import type { KeyValueStorage } from './KeyValueStorage.ts';
import { isId, isRecord } from '../protocol/fieldChecks.ts';
import { REJOIN_KEY_PREFIX, segmentKey, storageKey } from './storageKey.ts';

/**
 * Removes Rejoin's data from a storage, for sign-out on a shared browser: every key starting
 * with `rejoin:` when the storage can enumerate its keys (`length` and `key`, as `localStorage`
 * can), else the records of the given namespaces with their stream segments. Other keys of the
 * app are left alone.
 *
 * Call it after the client is disposed, or its next save writes the record back.
 *
 * @param namespaces Used only when the storage cannot enumerate its keys.
 * @default namespaces `[]`
 * @returns How many keys were removed.
 * @throws RejoinError when a namespace is invalid (see `storageKey`).
 * @throws StorageError `storage/unavailable` when the storage throws: the data may still be
 * there, which on a shared browser the caller must know.
 */
export function clearAllRejoinData(storage: KeyValueStorage, namespaces: readonly string[] = []): number {
  // Validated before anything is removed: a bad namespace is a programmer error.
  for (const namespace of namespaces) storageKey(namespace);
  const keys = new Set<string>();
  try {
    if (typeof storage.length === 'number' && typeof storage.key === 'function') {
      // Collect first: removing while indexing would shift the keys under the loop.
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i);
        if (key !== null && key.startsWith(REJOIN_KEY_PREFIX)) keys.add(key);
      }
    } else {
      for (const namespace of namespaces) {
        for (const key of storedNamespaceKeys(storage, namespace)) keys.add(key);
      }
    }
    for (const key of keys) storage.removeItem(key);
  } catch (cause) {
    throw new StorageError(
      'storage/unavailable',
      '[rejoin] Removing Rejoin data failed because the storage threw; some of it may still be stored. ' +
        'Retry, or ask the user to clear site data for this browser.',
      { cause },
    );
  }
  return keys.size;
}

/**
 * The keys a namespace has in storage, found without enumerating: its base record, and the
 * segments of every stream the base names (read leniently: a base too damaged to restore still
 * tells which segments to remove). Segments run from 1 to the first missing key.
 *
 * @throws whatever the storage throws.
 */
export function storedNamespaceKeys(storage: KeyValueStorage, namespace: string): string[] {
  const base = storageKey(namespace);
  const raw = storage.getItem(base);
  if (raw === null) return [];
  const keys = [base];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return keys;
  }
  const streams = isRecord(parsed) && Array.isArray(parsed['streams']) ? (parsed['streams'] as unknown[]) : [];
  for (const stream of streams) {
    const messageId = isRecord(stream) ? stream['messageId'] : undefined;
    if (!isId(messageId)) continue;
    for (let n = 1; storage.getItem(segmentKey(namespace, messageId, n)) !== null; n += 1) {
      keys.push(segmentKey(namespace, messageId, n));
    }
  }
  return keys;
}
