import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { StorageError } from '../../errors/RejoinError.ts';
import type { ConversationState, OutboxEntry } from '../../model/conversation.ts';
import { clearAllRejoinData } from '../clearAllRejoinData.ts';
import { createMemoryStorage, type EnumerableKeyValueStorage } from '../createMemoryStorage.ts';
import { createPersister } from '../createPersister.ts';
import { encodeRecord } from '../createSegmentedWriter.ts';
import type { KeyValueStorage } from '../KeyValueStorage.ts';
import type { PersistedRecord } from '../PersistedRecord.ts';
import { recordFromState } from '../recordFromState.ts';
import { segmentKey, storageKey } from '../storageKey.ts';
import { outboxEntry, streamingConversation } from './buildState.ts';
import { createTestClock, type TestClock } from './testClock.ts';

const NAMESPACE = 'alice';
const KEY = storageKey(NAMESPACE);

function recordAt(clock: TestClock, text: string, seq: number, outbox: readonly OutboxEntry[] = []): PersistedRecord {
  const conversations: Record<string, ConversationState> = {
    c1: streamingConversation('c1', { messageId: 'a1', text, seq }),
  };
  return recordFromState({ namespace: NAMESPACE, now: clock.now(), openConversationId: 'c1', conversations, outbox });
}

/** A persister with no throttle, so each save is one write and a test reads storage right after it. */
function unthrottled(storage: KeyValueStorage, options: { maxSegments?: number; onError?: (error: StorageError) => void } = {}) {
  const clock = createTestClock();
  const persister = createPersister({ storage, namespace: NAMESPACE, clock, throttleMs: 0, ...options });
  return { clock, persister };
}

function restored(storage: KeyValueStorage) {
  return createPersister({ storage, namespace: NAMESPACE }).restore();
}

function rejoinKeys(storage: EnumerableKeyValueStorage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i += 1) keys.push(storage.key(i)!);
  return keys.filter((key) => key.startsWith('rejoin:')).sort();
}

/** Wraps a storage to record every setItem. */
function recording(inner: EnumerableKeyValueStorage) {
  const sets: { key: string; value: string }[] = [];
  const storage: EnumerableKeyValueStorage = {
    getItem: (key) => inner.getItem(key),
    removeItem: (key) => inner.removeItem(key),
    setItem(key, value) {
      sets.push({ key, value });
      inner.setItem(key, value);
    },
    get length() {
      return inner.length;
    },
    key: (index) => inner.key(index),
  };
  return { storage, sets };
}

describe('append-only segments', () => {
  it('stores only the text appended since the last write, under a new key, while the settled part is unchanged', () => {
    const { storage, sets } = recording(createMemoryStorage());
    const { clock, persister } = unthrottled(storage);
    const long = 'The first part of a reply that is already long. '.repeat(40);
    persister.save(recordAt(clock, long, 10));
    persister.save(recordAt(clock, `${long}and one more`, 11));
    persister.save(recordAt(clock, `${long}and one more token`, 12));

    expect(sets.map(({ key }) => key)).toEqual([KEY, segmentKey(NAMESPACE, 'a1', 1), segmentKey(NAMESPACE, 'a1', 2)]);
    expect(JSON.parse(sets[1]!.value)).toEqual({ namespace: NAMESPACE, fromSeq: 10, toSeq: 11, text: 'and one more' });
    expect(JSON.parse(sets[2]!.value)).toEqual({ namespace: NAMESPACE, fromSeq: 11, toSeq: 12, text: ' token' });
    // Each segment costs its text plus a small envelope, never the text before it.
    expect(sets[2]!.value.length).toBeLessThan(80);
  });

  it('restores base and segments in order, with the cursor of the last segment', () => {
    const storage = createMemoryStorage();
    const { clock, persister } = unthrottled(storage);
    let text = '';
    for (let seq = 1; seq <= 30; seq += 1) {
      text += `tok${seq} `;
      persister.save(recordAt(clock, text, seq));
    }
    expect(rejoinKeys(storage)).toHaveLength(30); // the base and 29 segments

    const result = restored(storage);
    expect(result.error).toBeNull();
    expect(result.record?.streams).toEqual([expect.objectContaining({ messageId: 'a1', lastSeq: 30, text })]);
  });

  it('compacts when the settled part changes: the base takes all the text and the segments are removed', () => {
    const storage = createMemoryStorage();
    const { clock, persister } = unthrottled(storage);
    persister.save(recordAt(clock, 'one', 1));
    persister.save(recordAt(clock, 'one two', 2));
    persister.save(recordAt(clock, 'one two three', 3));
    expect(rejoinKeys(storage)).toContain(segmentKey(NAMESPACE, 'a1', 2));

    const queued = [outboxEntry('c1', 'u5', 'typed meanwhile')];
    persister.save(recordAt(clock, 'one two three', 3, queued));
    expect(rejoinKeys(storage)).toEqual([KEY]);
    const base = JSON.parse(storage.getItem(KEY)!) as PersistedRecord;
    expect(base.streams[0]).toMatchObject({ lastSeq: 3, text: 'one two three' });
    expect(base.outbox).toEqual(queued);

    // The stream goes on: its segments count from 1 again, after the new base.
    persister.save(recordAt(clock, 'one two three four', 4, queued));
    expect(rejoinKeys(storage)).toEqual([KEY, segmentKey(NAMESPACE, 'a1', 1)].sort());
    expect(restored(storage).record?.streams[0]).toMatchObject({ lastSeq: 4, text: 'one two three four' });
  });

  it('compacts when a stream has piled up maxSegments segments, so restore reads a bounded number of keys', () => {
    const storage = createMemoryStorage();
    const { clock, persister } = unthrottled(storage, { maxSegments: 4 });
    let text = '';
    for (let seq = 1; seq <= 12; seq += 1) {
      text += `w${seq} `;
      persister.save(recordAt(clock, text, seq));
      expect(rejoinKeys(storage).length).toBeLessThanOrEqual(1 + 4);
    }
    expect(restored(storage).record?.streams[0]).toMatchObject({ lastSeq: 12, text });
  });

  it('removes the segments of a stream that ended', () => {
    const storage = createMemoryStorage();
    const { clock, persister } = unthrottled(storage);
    persister.save(recordAt(clock, 'a', 1));
    persister.save(recordAt(clock, 'a b', 2));
    persister.save(recordFromState({ namespace: NAMESPACE, now: clock.now(), openConversationId: 'c1', conversations: {}, outbox: [] }));
    expect(rejoinKeys(storage)).toEqual([KEY]);
  });

  it('writes nothing for a record that neither grew nor changed, and appends after a restore where the last page stopped', () => {
    const storage = createMemoryStorage();
    const first = unthrottled(storage);
    first.persister.save(recordAt(first.clock, 'a', 1));
    first.persister.save(recordAt(first.clock, 'a b', 2));

    const { clock, persister } = unthrottled(storage);
    const restoredRecord = persister.restore().record!;
    persister.save({ ...restoredRecord, savedAt: clock.now() });
    expect(persister.stats).toMatchObject({ writes: 0, skippedUnchanged: 1 });
    persister.save(recordAt(clock, 'a b c', 3));
    expect(storage.getItem(segmentKey(NAMESPACE, 'a1', 2))).toContain('" c"');
    expect(restored(storage).record?.streams[0]).toMatchObject({ lastSeq: 3, text: 'a b c' });
  });

  it('compacts when the text changed other than by an append (a replay that rewrote it)', () => {
    const storage = createMemoryStorage();
    const { clock, persister } = unthrottled(storage);
    persister.save(recordAt(clock, 'draft', 1));
    persister.save(recordAt(clock, 'final text', 2));
    expect(rejoinKeys(storage)).toEqual([KEY]);
    expect(restored(storage).record?.streams[0]).toMatchObject({ lastSeq: 2, text: 'final text' });
  });
});

describe('restoring segments that cannot be used', () => {
  /** A base at seq 2 and segments 3 and 4 after it, as a streaming page leaves them. */
  function streamedStorage() {
    const storage = createMemoryStorage();
    const { clock, persister } = unthrottled(storage);
    persister.save(recordAt(clock, 'a b ', 2));
    persister.save(recordAt(clock, 'a b c ', 3));
    persister.save(recordAt(clock, 'a b c d ', 4));
    return storage;
  }

  const cases: readonly (readonly [string, string, string])[] = [
    ['corrupt JSON', '{"namespace":"alice","fromSeq":3,"toS', 'storage/corrupt'],
    ['the wrong shape', JSON.stringify({ namespace: NAMESPACE, fromSeq: 3, toSeq: 3, text: 'x' }), 'storage/corrupt'],
    ["another user's segment", JSON.stringify({ namespace: 'mallory', fromSeq: 3, toSeq: 4, text: 'd ' }), 'storage/foreign_namespace'],
    ['a gap in the chunks', JSON.stringify({ namespace: NAMESPACE, fromSeq: 5, toSeq: 6, text: 'f ' }), 'storage/corrupt'],
  ];

  it.each(cases)('with %s, keeps the text before it with the matching cursor and reports a typed error', (_, raw, code) => {
    const storage = streamedStorage();
    storage.setItem(segmentKey(NAMESPACE, 'a1', 2), raw);

    const result = restored(storage);
    expect(result.error).toBeInstanceOf(StorageError);
    expect(result.error?.code).toBe(code);
    // The server replays after seq 3 onto exactly the text of seq 3: nothing doubled, nothing lost.
    expect(result.record?.streams[0]).toMatchObject({ lastSeq: 3, text: 'a b c ' });
    // The rest of the record is intact.
    expect(result.record?.openConversationId).toBe('c1');
  });

  it('compacts on the next write, removing the unusable segment and any after it', () => {
    const storage = streamedStorage();
    storage.setItem(segmentKey(NAMESPACE, 'a1', 2), 'garbage');
    storage.setItem(segmentKey(NAMESPACE, 'a1', 3), JSON.stringify({ namespace: NAMESPACE, fromSeq: 4, toSeq: 5, text: 'e ' }));
    const { clock, persister } = unthrottled(storage);
    persister.restore();
    persister.save(recordAt(clock, 'a b c ', 3));
    expect(rejoinKeys(storage)).toEqual([KEY]);
    expect(restored(storage)).toMatchObject({ error: null, record: { streams: [{ lastSeq: 3, text: 'a b c ' }] } });
  });

  it('skips quietly a segment the base already holds (a compaction interrupted before removing it)', () => {
    const storage = createMemoryStorage();
    const { clock } = unthrottled(storage);
    storage.setItem(KEY, encodeRecord(recordAt(clock, 'a b c ', 3)));
    storage.setItem(segmentKey(NAMESPACE, 'a1', 1), JSON.stringify({ namespace: NAMESPACE, fromSeq: 2, toSeq: 3, text: 'c ' }));
    storage.setItem(segmentKey(NAMESPACE, 'a1', 2), JSON.stringify({ namespace: NAMESPACE, fromSeq: 3, toSeq: 4, text: 'd ' }));
    expect(restored(storage)).toMatchObject({ error: null, record: { streams: [{ lastSeq: 4, text: 'a b c d ' }] } });
  });
});

describe('storage full while appending', () => {
  it('reports storage/quota once, keeps what was stored readable, and appends what was missed once space frees', () => {
    const inner = createMemoryStorage();
    let full = false;
    const storage: KeyValueStorage = {
      getItem: (key) => inner.getItem(key),
      removeItem: (key) => inner.removeItem(key),
      setItem(key, value) {
        if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        inner.setItem(key, value);
      },
    };
    const onError = vi.fn();
    const { clock, persister } = unthrottled(storage, { onError });
    persister.save(recordAt(clock, 'a ', 1));
    persister.save(recordAt(clock, 'a b ', 2));

    full = true;
    persister.save(recordAt(clock, 'a b c ', 3));
    persister.save(recordAt(clock, 'a b c d ', 4));
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'storage/quota' });
    expect(persister.stats.failures).toBe(2);
    expect(restored(inner)).toMatchObject({ error: null, record: { streams: [{ lastSeq: 2, text: 'a b ' }] } });

    full = false;
    persister.flush();
    // One segment carries everything missed, from the cursor storage holds.
    expect(JSON.parse(inner.getItem(segmentKey(NAMESPACE, 'a1', 2))!)).toMatchObject({ fromSeq: 2, toSeq: 4, text: 'c d ' });
    expect(restored(inner)).toMatchObject({ error: null, record: { streams: [{ lastSeq: 4, text: 'a b c d ' }] } });
  });
});

describe('removing segments', () => {
  function streamed(storage: KeyValueStorage) {
    const { clock, persister } = unthrottled(storage);
    persister.save(recordAt(clock, 'a', 1));
    persister.save(recordAt(clock, 'a b', 2));
    persister.save(recordAt(clock, 'a b c', 3));
    return persister;
  }

  it('clear() removes the base and its segments, and only this namespace', () => {
    const storage = createMemoryStorage({ 'app:theme': 'dark' });
    const bob = createPersister({ storage, namespace: 'bob', throttleMs: 0 });
    bob.save({ ...recordAt(createTestClock(), 'his', 1), namespace: 'bob' });
    const persister = streamed(storage);
    persister.clear();
    expect(rejoinKeys(storage)).toEqual([storageKey('bob')]);
    expect(storage.getItem('app:theme')).toBe('dark');
  });

  it('clear() in a new page removes the segments a previous page left', () => {
    const storage = createMemoryStorage();
    streamed(storage);
    createPersister({ storage, namespace: NAMESPACE }).clear();
    expect(rejoinKeys(storage)).toEqual([]);
  });

  it('clearAllRejoinData removes segments, on an enumerable storage and on one that only knows the namespaces', () => {
    const enumerable = createMemoryStorage({ 'app:theme': 'dark' });
    streamed(enumerable);
    expect(clearAllRejoinData(enumerable)).toBe(3);
    expect(rejoinKeys(enumerable)).toEqual([]);

    const inner = createMemoryStorage({ 'app:theme': 'dark' });
    const opaque: KeyValueStorage = {
      getItem: (key) => inner.getItem(key),
      setItem: (key, value) => inner.setItem(key, value),
      removeItem: (key) => inner.removeItem(key),
    };
    streamed(opaque);
    expect(clearAllRejoinData(opaque, [NAMESPACE])).toBe(3);
    expect(rejoinKeys(inner)).toEqual([]);
    expect(inner.getItem('app:theme')).toBe('dark');
  });
});

describe('two tabs appending to one stream', () => {
  it('whatever the interleaving of their writes, a restore holds exactly the text of its cursor', () => {
    const tokens = Array.from({ length: 40 }, (_, index) => `t${index + 1} `);
    const textAt = (seq: number) => tokens.slice(0, seq).join('');
    fc.assert(
      fc.property(
        // Each step: which tab writes, and how many tokens it has received since its last write.
        fc.array(fc.tuple(fc.constantFrom('A', 'B'), fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        (steps, maxSegments) => {
          const storage = createMemoryStorage();
          const clock = createTestClock();
          const tabs = {
            A: { persister: createPersister({ storage, namespace: NAMESPACE, clock, throttleMs: 0, maxSegments }), seq: 1 },
            B: { persister: createPersister({ storage, namespace: NAMESPACE, clock, throttleMs: 0, maxSegments }), seq: 1 },
          };
          for (const [name, received] of steps) {
            const tab = tabs[name];
            tab.seq = Math.min(tokens.length, tab.seq + received);
            tab.persister.save(recordAt(clock, textAt(tab.seq), tab.seq));
          }
          const stream = restored(storage).record?.streams[0];
          expect(stream).toBeDefined();
          expect(stream!.text).toBe(textAt(stream!.lastSeq));
        },
      ),
    );
  });
});
