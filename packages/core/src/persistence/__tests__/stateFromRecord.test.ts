import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PersistedRecord } from '../PersistedRecord.ts';
import { recordFromState } from '../recordFromState.ts';
import { stateFromRecord } from '../stateFromRecord.ts';
import { persistedRecordArbitrary } from './persistedRecordArbitrary.ts';

const record: PersistedRecord = {
  format: 'rejoin/snapshot',
  v: 4,
  namespace: 'alice',
  savedAt: 1_700_000_000_000,
  openConversationId: 'c3',
  streams: [{ conversationId: 'c1', messageId: 'a1', lastSeq: 4, text: 'Once upon a', createdAt: 10 }],
  outbox: [
    { conversationId: 'c1', messageId: 'u1', text: 'first', createdAt: 20 },
    { conversationId: 'c2', messageId: 'u2', text: 'elsewhere', createdAt: 21 },
    { conversationId: 'c1', messageId: 'u3', text: 'second', createdAt: 22 },
  ],
  approvals: [],
};

describe('stateFromRecord', () => {
  it('turns a stream into an unloaded streaming conversation that resumes after its cursor', () => {
    const { conversations } = stateFromRecord(record);
    expect(conversations['c1']).toMatchObject({
      conversationId: 'c1',
      status: 'streaming',
      loaded: false,
      stream: { messageId: 'a1', lastSeq: 4, awaitingReplay: false },
    });
    expect(conversations['c1']?.messages[0]).toEqual({
      id: 'a1',
      role: 'assistant',
      text: 'Once upon a',
      parts: [{ type: 'text', text: 'Once upon a' }],
      status: 'streaming',
      createdAt: 10,
      seq: 4,
    });
  });

  it('puts pending user messages after the stream message, in the order typed', () => {
    const { conversations } = stateFromRecord(record);
    expect(conversations['c1']?.messages.map((m) => [m.id, m.role, m.status])).toEqual([
      ['a1', 'assistant', 'streaming'],
      ['u1', 'user', 'pending'],
      ['u3', 'user', 'pending'],
    ]);
  });

  it('puts the recorded question above its reply, acknowledged and in its place in history', () => {
    const question = { messageId: 'q1', text: 'Tell me a story', createdAt: 9, index: 4 };
    const withQuestion = { ...record, streams: record.streams.map((stream) => ({ ...stream, question })) };
    const messages = stateFromRecord(withQuestion).conversations['c1']?.messages;
    expect(messages?.[0]).toEqual({ id: 'q1', role: 'user', text: 'Tell me a story', parts: [{ type: 'text', text: 'Tell me a story' }], status: 'complete', createdAt: 9, index: 4 });
    expect(messages?.map((m) => m.id)).toEqual(['q1', 'a1', 'u1', 'u3']);
  });

  it('gives an outbox entry without a stream an empty unloaded conversation', () => {
    const { conversations } = stateFromRecord(record);
    expect(conversations['c2']).toEqual({
      conversationId: 'c2',
      status: 'unknown',
      loaded: false,
      stream: null,
      messages: [{ id: 'u2', role: 'user', text: 'elsewhere', parts: [{ type: 'text', text: 'elsewhere' }], status: 'pending', createdAt: 21 }],
    });
  });

  it('gives the open conversation an empty idle conversation to load when nothing else made one (a new chat, not an unavailable one)', () => {
    const { openConversationId, conversations } = stateFromRecord(record);
    expect(openConversationId).toBe('c3');
    expect(conversations['c3']).toEqual({ conversationId: 'c3', messages: [], status: 'idle', loaded: false, stream: null });
  });

  it('restores the outbox in order', () => {
    expect(stateFromRecord(record).outbox).toEqual(record.outbox);
  });

  it('keeps an id such as __proto__ an ordinary key', () => {
    const hostile = { ...record, openConversationId: null, streams: [{ ...record.streams[0]!, conversationId: '__proto__' }], outbox: [] };
    const { conversations } = stateFromRecord(hostile);
    expect(Object.keys(conversations)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(conversations)).toBe(Object.prototype);
  });

  it('gives back the record it was built from when recorded again', () => {
    fc.assert(
      fc.property(persistedRecordArbitrary('alice'), (original) => {
        const restored = stateFromRecord(original);
        const again = recordFromState({ namespace: 'alice', now: original.savedAt, ...restored });
        expect({ ...again, streams: sortStreams(again.streams) }).toEqual({
          ...original,
          streams: sortStreams(original.streams),
        });
      }),
      { numRuns: 200 },
    );
  });
});

// Object key order puts integer-like ids first, so compare streams as a set.
function sortStreams(streams: PersistedRecord['streams']) {
  return [...streams].sort((a, b) => (a.conversationId < b.conversationId ? -1 : 1));
}
