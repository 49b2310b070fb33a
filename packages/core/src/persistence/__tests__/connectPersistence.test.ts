import { describe, expect, it } from 'vitest';
import type { ConversationState } from '../../model/conversation.ts';
import { connectPersistence, type PersistableSnapshot, type PersistenceSource } from '../connectPersistence.ts';
import { createMemoryStorage } from '../createMemoryStorage.ts';
import { createPersister } from '../createPersister.ts';
import { outboxEntry, streamingConversation } from './buildState.ts';
import { createTestClock } from './testClock.ts';

/** A hand-driven snapshot source, as the client's composed store is. */
function manualSource(initial: PersistableSnapshot) {
  let snapshot = initial;
  const listeners = new Set<() => void>();
  const source: PersistenceSource = {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    source,
    set(next: PersistableSnapshot) {
      snapshot = next;
      for (const listener of listeners) listener();
    },
    get listeners() {
      return listeners.size;
    },
  };
}

function streaming(text: string, seq: number): Readonly<Record<string, ConversationState>> {
  return { c1: streamingConversation('c1', { messageId: 'a1', text, seq }) };
}

function setup(throttleMs = 500) {
  const storage = createMemoryStorage();
  const clock = createTestClock();
  const persister = createPersister({ storage, namespace: 'alice', clock, throttleMs });
  const initial: PersistableSnapshot = { context: { openConversationId: null, conversations: {}, outbox: [] } };
  const driven = manualSource(initial);
  const connection = connectPersistence(driven.source, persister, { namespace: 'alice', clock });
  const restore = () => createPersister({ storage, namespace: 'alice' }).restore().record;
  return { storage, clock, persister, driven, connection, restore };
}

describe('connectPersistence', () => {
  it('persists what the source holds, streaming text included, from the source alone', () => {
    const { driven, restore, clock } = setup();
    driven.set({ context: { openConversationId: 'c1', conversations: streaming('Hello', 1), outbox: [] } });
    expect(restore()?.streams[0]).toMatchObject({ lastSeq: 1, text: 'Hello' });
    driven.set({ context: { openConversationId: 'c1', conversations: streaming('Hello, world', 2), outbox: [] } });
    clock.advance(500);
    expect(restore()?.streams[0]).toMatchObject({ lastSeq: 2, text: 'Hello, world' });
  });

  it('builds no record when only something outside the persisted slice changed', () => {
    const { driven, persister } = setup(0);
    const context = { openConversationId: 'c1', conversations: streaming('Hi', 1), outbox: [] };
    driven.set({ context });
    const after = persister.stats;
    driven.set({ status: 'active', context }); // e.g. the connection state changed
    driven.set({ context: { ...context } }); // a new context object holding the same slice
    expect(persister.stats).toEqual(after);
  });

  it('writes at once what is pending when the source reports a failed actor', () => {
    const { driven, restore } = setup();
    driven.set({ context: { openConversationId: 'c1', conversations: streaming('a', 1), outbox: [] } });
    const last = { openConversationId: 'c1', conversations: streaming('a b', 2), outbox: [outboxEntry('c1', 'u1', 'q')] };
    driven.set({ context: last });
    expect(restore()?.outbox).toEqual([]); // still inside the throttle window
    driven.set({ status: 'error', context: last });
    expect(restore()?.outbox).toEqual(last.outbox);
  });

  it('flush writes the pending segment now, as pagehide needs', () => {
    const { driven, restore, connection } = setup();
    driven.set({ context: { openConversationId: 'c1', conversations: streaming('a', 1), outbox: [] } });
    driven.set({ context: { openConversationId: 'c1', conversations: streaming('a b c', 3), outbox: [] } });
    expect(restore()?.streams[0]).toMatchObject({ lastSeq: 1 });
    connection.flush();
    expect(restore()?.streams[0]).toMatchObject({ lastSeq: 3, text: 'a b c' });
  });

  it('disconnect stops listening, writes what is pending and stops the throttle timer', () => {
    const { driven, restore, connection, clock } = setup();
    driven.set({ context: { openConversationId: 'c1', conversations: streaming('a', 1), outbox: [] } });
    driven.set({ context: { openConversationId: 'c1', conversations: streaming('a b', 2), outbox: [] } });
    connection.disconnect();
    expect(driven.listeners).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    expect(restore()?.streams[0]).toMatchObject({ lastSeq: 2, text: 'a b' });
    driven.set({ context: { openConversationId: 'c1', conversations: streaming('a b c', 3), outbox: [] } });
    expect(restore()?.streams[0]).toMatchObject({ lastSeq: 2 });
  });
});
