import { describe, expect, it } from 'vitest';
import { RejoinError, StorageError } from '../../errors/RejoinError.ts';
import { clearAllRejoinData } from '../clearAllRejoinData.ts';
import { createMemoryStorage } from '../createMemoryStorage.ts';
import { createPersister } from '../createPersister.ts';
import type { KeyValueStorage } from '../KeyValueStorage.ts';
import { recordFromState } from '../recordFromState.ts';
import { storageKey } from '../storageKey.ts';
import { outboxEntry } from './buildState.ts';

function saveFor(storage: KeyValueStorage, namespace: string): void {
  const persister = createPersister({ storage, namespace });
  persister.save(
    recordFromState({
      namespace,
      now: 1,
      openConversationId: null,
      conversations: {},
      outbox: [outboxEntry('c1', `${namespace}-m`, 'hi')],
    }),
  );
  persister.dispose();
}

/** A storage that cannot enumerate its keys. */
function opaque(storage: KeyValueStorage): KeyValueStorage {
  return {
    getItem: (key) => storage.getItem(key),
    setItem: (key, value) => storage.setItem(key, value),
    removeItem: (key) => storage.removeItem(key),
  };
}

describe('clearAllRejoinData', () => {
  it("removes every user's record and leaves the app's other keys alone", () => {
    const storage = createMemoryStorage({ 'app:theme': 'dark', 'rejoin-lookalike': 'x' });
    saveFor(storage, 'alice');
    saveFor(storage, 'bob');
    storage.setItem('rejoin:probe', '1');

    expect(clearAllRejoinData(storage)).toBe(3);
    expect(storage.getItem(storageKey('alice'))).toBeNull();
    expect(storage.getItem(storageKey('bob'))).toBeNull();
    expect(storage.getItem('rejoin:probe')).toBeNull();
    expect(storage.getItem('app:theme')).toBe('dark');
    expect(storage.getItem('rejoin-lookalike')).toBe('x');
  });

  it('removes the given namespaces from a storage that cannot enumerate its keys', () => {
    const inner = createMemoryStorage({ 'app:theme': 'dark' });
    saveFor(inner, 'alice');
    saveFor(inner, 'bob');
    saveFor(inner, 'carol');

    expect(clearAllRejoinData(opaque(inner), ['alice', 'bob', 'nobody'])).toBe(2);
    expect(inner.getItem(storageKey('alice'))).toBeNull();
    expect(inner.getItem(storageKey('bob'))).toBeNull();
    expect(inner.getItem(storageKey('carol'))).not.toBeNull();
    expect(inner.getItem('app:theme')).toBe('dark');
  });

  it('removes nothing from a storage that cannot enumerate when no namespace is given', () => {
    const inner = createMemoryStorage();
    saveFor(inner, 'alice');
    expect(clearAllRejoinData(opaque(inner))).toBe(0);
    expect(inner.length).toBe(1);
  });

  it('throws a StorageError when the storage throws, so sign-out knows data may remain', () => {
    const storage = createMemoryStorage({ [storageKey('alice')]: '{}' });
    const failing: KeyValueStorage = {
      ...storage,
      length: 1,
      key: (index) => storage.key(index),
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    expect(() => clearAllRejoinData(failing)).toThrow(StorageError);
  });

  it('throws a RejoinError for an invalid namespace', () => {
    expect(() => clearAllRejoinData(opaque(createMemoryStorage()), [''])).toThrow(RejoinError);
  });
});
