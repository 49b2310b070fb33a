import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRecordSerializer } from '../createRecordSerializer.ts';
import type { PersistedRecord } from '../PersistedRecord.ts';
import { persistedRecordArbitrary } from './persistedRecordArbitrary.ts';

const NAMESPACE = 'user-1';

/** What the persister wrote before it escaped texts incrementally: the reference output. */
function reference(record: PersistedRecord, savedAt: number): string {
  return JSON.stringify({
    format: record.format,
    v: record.v,
    namespace: record.namespace,
    savedAt,
    openConversationId: record.openConversationId,
    // JSON.stringify leaves out a field whose value is undefined: a stream without a question.
    streams: record.streams.map(({ conversationId, messageId, lastSeq, text, createdAt, question }) => ({
      conversationId,
      messageId,
      lastSeq,
      text,
      createdAt,
      question: question && { messageId: question.messageId, text: question.text, createdAt: question.createdAt, index: question.index },
    })),
    outbox: record.outbox.map(({ conversationId, messageId, text, createdAt }) => ({ conversationId, messageId, text, createdAt })),
  });
}

function streaming(text: string, lastSeq: number): PersistedRecord {
  return {
    format: 'rejoin/snapshot',
    v: 1,
    namespace: NAMESPACE,
    savedAt: 5,
    openConversationId: 'c1',
    streams: [{ conversationId: 'c1', messageId: 'm1', lastSeq, text, createdAt: 1 }],
    outbox: [],
  };
}

describe('createRecordSerializer', () => {
  it('writes exactly what JSON.stringify writes for any record', () => {
    fc.assert(
      fc.property(persistedRecordArbitrary(NAMESPACE), (record) => {
        const serialize = createRecordSerializer();
        expect(serialize(record, record.savedAt).serialized).toBe(reference(record, record.savedAt));
        expect(serialize(record, record.savedAt).comparable).toBe(reference(record, 0));
      }),
    );
  });

  it('writes exactly what JSON.stringify writes while a text grows, shrinks or changes between writes', () => {
    const piece = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('"', '\\', '\n', '\ud83d', '\ude00', '😀'));
    const step = fc.record({ grow: fc.boolean(), piece });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 20 }), (steps) => {
        const serialize = createRecordSerializer();
        let text = '';
        for (const [index, { grow, piece: added }] of steps.entries()) {
          text = grow ? text + added : added;
          const record = streaming(text, index + 1);
          expect(serialize(record, index).serialized).toBe(reference(record, index));
        }
      }),
    );
  });

  it('escapes a surrogate pair split across two writes as a pair, not as two lone halves', () => {
    const serialize = createRecordSerializer();
    serialize(streaming('smile \ud83d', 1), 1);
    const whole = streaming('smile \ud83d\ude00', 2);
    expect(serialize(whole, 2).serialized).toBe(reference(whole, 2));
    expect(JSON.parse(serialize(whole, 3).serialized).streams[0].text).toBe('smile 😀');
  });

  it('gives the same comparable form for records that differ only in savedAt', () => {
    const serialize = createRecordSerializer();
    expect(serialize(streaming('a b', 2), 10).comparable).toBe(serialize(streaming('a b', 2), 99).comparable);
    expect(serialize(streaming('a b', 2), 10).serialized).not.toBe(serialize(streaming('a b', 2), 99).serialized);
  });
});
