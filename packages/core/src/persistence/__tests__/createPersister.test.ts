import { describe, expect, it, vi } from 'vitest';
import { RejoinError, StorageError } from '../../errors/RejoinError.ts';
import type { ConversationState, OutboxEntry } from '../../model/conversation.ts';
import { createMemoryStorage } from '../createMemoryStorage.ts';
import { createPersister } from '../createPersister.ts';
import type { KeyValueStorage } from '../KeyValueStorage.ts';
import type { PersistedRecord } from '../PersistedRecord.ts';
import { recordFromState } from '../recordFromState.ts';
import { stateFromRecord } from '../stateFromRecord.ts';
import { storageKey } from '../storageKey.ts';
import { outboxEntry, streamingConversation } from './buildState.ts';
import { createTestClock, type TestClock } from './testClock.ts';

const NAMESPACE = 'alice';
const KEY = storageKey(NAMESPACE);

function recordAt(
  clock: TestClock,
  text: string,
  seq: number,
  outbox: readonly OutboxEntry[] = [],
  history = 2,
): PersistedRecord {
  const conversations: Record<string, ConversationState> = {
    c1: streamingConversation('c1', { messageId: 'a1', text, seq, history }),
  };
  return recordFromState({ namespace: NAMESPACE, now: clock.now(), openConversationId: 'c1', conversations, outbox });
}

/**
 * What a new page would restore from storage (base and segments), with `savedAt` zeroed: a segment
 * does not rewrite the base's `savedAt`, and no reader compares it.
 */
function storedRecord(storage: KeyValueStorage, namespace = NAMESPACE): PersistedRecord | null {
  const { record } = createPersister({ storage, namespace }).restore();
  return record === null ? null : state(record);
}

function state(record: PersistedRecord | null): PersistedRecord | null {
  if (record === null) return null;
  return { ...record, savedAt: 0 };
}

/** A storage whose `setItem` throws QuotaExceededError while `full` is set. */
function quotaStorage() {
  const inner = createMemoryStorage();
  const control = { full: false, attempts: 0 };
  const storage: KeyValueStorage = {
    getItem: (key) => inner.getItem(key),
    removeItem: (key) => inner.removeItem(key),
    setItem: (key, value) => {
      control.attempts += 1;
      if (control.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      inner.setItem(key, value);
    },
  };
  return { storage, control };
}

/** Private browsing at its worst: every access throws. */
function throwingStorage(): KeyValueStorage {
  const deny = () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  };
  return { getItem: deny, setItem: deny, removeItem: deny };
}

describe('createPersister', () => {
  describe('round trip', () => {
    it('restores in a new page what the last one saved, ready to resume', () => {
      const storage = createMemoryStorage();
      const clock = createTestClock();
      const outbox = [outboxEntry('c1', 'u7', 'tell me more')];
      const saved = recordAt(clock, 'The answer is', 3, outbox);
      const before = createPersister({ storage, namespace: NAMESPACE, clock });
      before.save(saved);
      before.dispose();

      const after = createPersister({ storage, namespace: NAMESPACE, clock: createTestClock() });
      const restored = after.restore();
      expect(restored).toEqual({ record: saved, error: null });

      const state = stateFromRecord(restored.record!);
      expect(state.openConversationId).toBe('c1');
      expect(state.outbox).toEqual(outbox);
      expect(state.conversations['c1']?.stream).toEqual({ messageId: 'a1', lastSeq: 3, awaitingReplay: false });
      expect(state.conversations['c1']?.messages.map((m) => [m.id, m.text, m.status])).toEqual([
        ['a1', 'The answer is', 'streaming'],
        ['u7', 'tell me more', 'pending'],
      ]);
    });

    it('reports nothing stored as two nulls', () => {
      const persister = createPersister({ storage: createMemoryStorage(), namespace: NAMESPACE });
      expect(persister.restore()).toEqual({ record: null, error: null });
    });

    it('does not write back a restored record that has not changed', () => {
      const storage = createMemoryStorage();
      const clock = createTestClock();
      const saved = recordAt(clock, 'same', 1);
      createPersister({ storage, namespace: NAMESPACE, clock }).save(saved);

      clock.advance(60_000);
      const persister = createPersister({ storage, namespace: NAMESPACE, clock });
      persister.restore();
      persister.save({ ...saved, savedAt: clock.now() });
      expect(persister.stats).toMatchObject({ writes: 0, bytesWritten: 0, failures: 0, skippedUnchanged: 1, lastWriteAt: null });
    });
  });

  describe('an unusable stored record', () => {
    const cases: readonly (readonly [string, string, string])[] = [
      ['corrupt JSON', '{"format":"rejoin/snapshot","v":1,"name', 'storage/corrupt'],
      ['the wrong shape', JSON.stringify({ format: 'rejoin/snapshot', v: 1, namespace: NAMESPACE }), 'storage/corrupt'],
      [
        "another user's record copied under this key",
        JSON.stringify({ ...recordAt(createTestClock(), 'hers', 1), namespace: 'bob' }),
        'storage/foreign_namespace',
      ],
    ];

    it.each(cases)('with %s comes back as a typed error, and the key is removed', (_, raw, code) => {
      const storage = createMemoryStorage({ [KEY]: raw, 'app:theme': 'dark' });
      const persister = createPersister({ storage, namespace: NAMESPACE });

      const result = persister.restore();
      expect(result.record).toBeNull();
      expect(result.error).toBeInstanceOf(StorageError);
      expect(result.error?.code).toBe(code);
      expect(storage.getItem(KEY)).toBeNull();
      expect(storage.getItem('app:theme')).toBe('dark');
      // The next start is clean.
      expect(persister.restore()).toEqual({ record: null, error: null });
    });

    it('of a version this build cannot read comes back as storage/version and is left in place until this client writes', () => {
      const future = JSON.stringify({ format: 'rejoin/snapshot', v: 99, namespace: NAMESPACE, everything: 'different' });
      const storage = createMemoryStorage({ [KEY]: future });
      const clock = createTestClock();
      const persister = createPersister({ storage, namespace: NAMESPACE, clock });

      const result = persister.restore();
      expect(result.record).toBeNull();
      expect(result.error?.code).toBe('storage/version');
      // A newer build (after a rollback is undone) can still read it.
      expect(storage.getItem(KEY)).toBe(future);

      const record = recordAt(clock, 'fresh', 1);
      persister.save(record);
      expect(storedRecord(storage)).toEqual(state(record));
    });

    it('does not stop the next save from writing', () => {
      const storage = createMemoryStorage({ [KEY]: 'garbage' });
      const clock = createTestClock();
      const persister = createPersister({ storage, namespace: NAMESPACE, clock });
      persister.restore();
      const record = recordAt(clock, 'fresh', 1);
      persister.save(record);
      expect(storedRecord(storage)).toEqual(state(record));
    });
  });

  describe('storage full mid-stream', () => {
    it('reports the quota once, keeps the state intact and resumes writing when space frees', () => {
      const { storage, control } = quotaStorage();
      const clock = createTestClock();
      const onError = vi.fn();
      const persister = createPersister({ storage, namespace: NAMESPACE, clock, onError });
      const outbox = [outboxEntry('c1', 'u1', 'queued while offline')];
      const outboxBefore = structuredClone(outbox);

      let text = '';
      let lastGood: PersistedRecord | null = null;
      const saveToken = (seq: number) => {
        text += `t${seq} `;
        const record = recordAt(clock, text, seq, outbox);
        persister.save(record);
        clock.advance(100);
        return record;
      };

      for (let seq = 1; seq <= 20; seq += 1) lastGood = saveToken(seq);
      persister.flush();
      const writesBeforeFull = persister.stats.writes;
      expect(storedRecord(storage)).toEqual(state(lastGood));

      control.full = true;
      for (let seq = 21; seq <= 60; seq += 1) saveToken(seq);

      expect(onError).toHaveBeenCalledTimes(1);
      const [error] = onError.mock.calls[0] as [StorageError];
      expect(error).toBeInstanceOf(StorageError);
      expect(error.code).toBe('storage/quota');
      expect(error.message).toMatch(/^\[rejoin\] Storage is full/);
      expect(persister.stats.failures).toBeGreaterThan(1);
      expect(persister.stats.writes).toBe(writesBeforeFull);
      // What was stored before stays readable, and the client's own data was not touched.
      expect(storedRecord(storage)).toEqual(state(lastGood));
      expect(outbox).toEqual(outboxBefore);

      control.full = false;
      const latest = saveToken(61);
      persister.flush();
      expect(storedRecord(storage)).toEqual(state(latest));
      expect(persister.stats.writes).toBeGreaterThan(writesBeforeFull);

      control.full = true;
      saveToken(62);
      clock.advance(1_000);
      expect(onError).toHaveBeenCalledTimes(2);
    });

    it('retries the unwritten record on flush', () => {
      const { storage, control } = quotaStorage();
      const clock = createTestClock();
      const persister = createPersister({ storage, namespace: NAMESPACE, clock, onError: () => {} });
      control.full = true;
      const record = recordAt(clock, 'kept in memory', 2);
      persister.save(record);
      expect(storedRecord(storage)).toBeNull();

      control.full = false;
      persister.flush();
      expect(storedRecord(storage)).toEqual(state(record));
    });

    it('reports any other setItem failure as storage/unavailable', () => {
      const storage: KeyValueStorage = {
        ...createMemoryStorage(),
        setItem: () => {
          throw new TypeError('storage detached');
        },
      };
      const onError = vi.fn();
      createPersister({ storage, namespace: NAMESPACE, onError }).save(recordAt(createTestClock(), 'x', 1));
      expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'storage/unavailable' });
    });
  });

  describe('a storage that throws on every access', () => {
    it('restores nothing, reports storage/unavailable, and never throws', () => {
      const clock = createTestClock();
      const onError = vi.fn();
      const persister = createPersister({ storage: throwingStorage(), namespace: NAMESPACE, clock, onError });

      const restored = persister.restore();
      expect(restored.record).toBeNull();
      expect(restored.error?.code).toBe('storage/unavailable');

      expect(() => {
        for (let seq = 1; seq <= 10; seq += 1) {
          persister.save(recordAt(clock, `t${seq}`, seq));
          clock.advance(200);
        }
        persister.flush();
        persister.clear();
        persister.dispose();
      }).not.toThrow();
      expect(onError.mock.calls.map(([error]) => (error as StorageError).code)).toEqual([
        'storage/unavailable', // the write streak, once
        'storage/unavailable', // clear could not remove the key
      ]);
    });
  });

  describe('throttle', () => {
    it('writes a 2,000-token stream at 50 tokens/s within the write budget, and the final state after flush', () => {
      const storage = createMemoryStorage();
      const clock = createTestClock();
      const throttleMs = 500;
      const persister = createPersister({ storage, namespace: NAMESPACE, clock, throttleMs });
      const tokens = 2_000;
      const tokensPerSecond = 50;
      const gapMs = 1_000 / tokensPerSecond;

      let text = '';
      let latest: PersistedRecord | null = null;
      let worstLag = 0;
      for (let seq = 1; seq <= tokens; seq += 1) {
        clock.advance(gapMs);
        text += `tok${seq} `;
        latest = recordAt(clock, text, seq);
        persister.save(latest);
        worstLag = Math.max(worstLag, seq - (storedRecord(storage)?.streams[0]?.lastSeq ?? 0));
      }
      persister.flush();

      const durationS = (tokens * gapMs) / 1_000;
      const { writes, bytesWritten } = persister.stats;
      console.log(
        `throttle ${throttleMs} ms, ${tokens} tokens at ${tokensPerSecond}/s over ${durationS} s: ` +
          `${writes} writes = ${(writes / durationS).toFixed(2)} writes/s, ${bytesWritten} bytes written ` +
          `(${Math.round(bytesWritten / durationS)} bytes/s), final record ${JSON.stringify(latest).length} bytes`,
      );
      expect(writes).toBeLessThanOrEqual(durationS * (1_000 / throttleMs) + 2);
      expect(storedRecord(storage)).toEqual(state(latest));
      // What a crash loses is bounded by one window of tokens, plus the one in flight.
      expect(worstLag).toBeLessThanOrEqual(throttleMs / gapMs + 1);
    });

    it('writes the first change at once', () => {
      const storage = createMemoryStorage();
      const clock = createTestClock();
      const persister = createPersister({ storage, namespace: NAMESPACE, clock });
      const record = recordAt(clock, 'first', 1);
      persister.save(record);
      expect(storedRecord(storage)).toEqual(state(record));
    });

    it('coalesces the changes of one window into a single trailing write of the latest', () => {
      const storage = createMemoryStorage();
      const clock = createTestClock();
      const persister = createPersister({ storage, namespace: NAMESPACE, clock, throttleMs: 500 });
      persister.save(recordAt(clock, 'a', 1));
      clock.advance(100);
      persister.save(recordAt(clock, 'a b', 2));
      clock.advance(100);
      const latest = recordAt(clock, 'a b c', 3);
      persister.save(latest);
      expect(persister.stats.writes).toBe(1);

      clock.advance(299);
      expect(persister.stats.writes).toBe(1);
      clock.advance(1);
      expect(persister.stats.writes).toBe(2);
      expect(storedRecord(storage)).toEqual(state(latest));

      clock.advance(10_000);
      expect(persister.stats.writes).toBe(2);
      expect(clock.pendingTimers).toBe(0);
    });

    it('does not write a record equal to the last one but for savedAt', () => {
      const clock = createTestClock();
      const persister = createPersister({ storage: createMemoryStorage(), namespace: NAMESPACE, clock });
      persister.save(recordAt(clock, 'still', 4));
      clock.advance(1_000);
      persister.save(recordAt(clock, 'still', 4));
      expect(persister.stats).toMatchObject({ writes: 1, skippedUnchanged: 1 });
    });

    it('writes the pending record on dispose and then stops', () => {
      const storage = createMemoryStorage();
      const clock = createTestClock();
      const persister = createPersister({ storage, namespace: NAMESPACE, clock });
      persister.save(recordAt(clock, 'a', 1));
      const pending = recordAt(clock, 'a b', 2);
      persister.save(pending);
      persister.dispose();
      expect(storedRecord(storage)).toEqual(state(pending));
      expect(clock.pendingTimers).toBe(0);

      persister.save(recordAt(clock, 'after dispose', 3));
      clock.advance(1_000);
      expect(storedRecord(storage)).toEqual(state(pending));
    });

    it('throws a RejoinError at creation for a throttle that is not a duration', () => {
      expect(() => createPersister({ storage: createMemoryStorage(), namespace: NAMESPACE, throttleMs: -1 })).toThrow(
        RejoinError,
      );
    });
  });

  describe('size', () => {
    it('writes the same number of bytes whether history holds 10, 100 or 1000 messages', () => {
      const sizes = [10, 100, 1000].map((history) => {
        const clock = createTestClock();
        const persister = createPersister({ storage: createMemoryStorage(), namespace: NAMESPACE, clock });
        persister.save(recordAt(clock, 'partial reply', 4, [outboxEntry('c1', 'u1', 'queued')], history));
        return persister.stats.bytesWritten;
      });
      console.log(`bytes written for 10/100/1000 history messages: ${sizes.join(' / ')}`);
      expect(sizes[0]).toBeGreaterThan(0);
      expect(new Set(sizes).size).toBe(1);
    });
  });

  describe('namespaces', () => {
    it('keeps two users of one storage from seeing each other', () => {
      const storage = createMemoryStorage();
      const clock = createTestClock();
      const alice = createPersister({ storage, namespace: 'alice', clock });
      const bob = createPersister({ storage, namespace: 'bob', clock });
      const aliceRecord = recordAt(clock, "alice's reply", 2, [outboxEntry('c1', 'ua', 'from alice')]);
      const bobRecord = { ...recordAt(clock, "bob's reply", 5), namespace: 'bob' };
      alice.save(aliceRecord);
      bob.save(bobRecord);

      expect(createPersister({ storage, namespace: 'alice' }).restore().record).toEqual(aliceRecord);
      expect(createPersister({ storage, namespace: 'bob' }).restore().record).toEqual(bobRecord);

      alice.clear();
      expect(storedRecord(storage, 'alice')).toBeNull();
      expect(storedRecord(storage, 'bob')).toEqual(state(bobRecord));
    });

    it("refuses to write another namespace's record under its key, and says so once", () => {
      const storage = createMemoryStorage();
      const clock = createTestClock();
      const onError = vi.fn();
      const persister = createPersister({ storage, namespace: 'alice', clock, onError });
      persister.save({ ...recordAt(clock, 'x', 1), namespace: 'bob' });
      persister.save({ ...recordAt(clock, 'x y', 2), namespace: 'bob' });
      expect(storage.length).toBe(0);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'storage/foreign_namespace' });
    });

    it('throws a RejoinError at creation for an empty namespace', () => {
      expect(() => createPersister({ storage: createMemoryStorage(), namespace: '' })).toThrow(RejoinError);
    });
  });
});
