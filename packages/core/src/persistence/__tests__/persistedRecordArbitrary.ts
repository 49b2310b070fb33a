import fc from 'fast-check';
import type { PersistedRecord } from '../PersistedRecord.ts';

// Valid ids: the protocol's alphabet, minus the names every object has (see protocol/fieldChecks.ts).
const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/).filter((value) => !(value in Object.prototype));
const timestamp = fc.integer({ min: 0, max: 4_000_000_000_000 });

/**
 * Valid records as this package writes them: one stream per conversation, message ids unique
 * (questions included), and no text without a seq.
 */
export function persistedRecordArbitrary(namespace: string): fc.Arbitrary<PersistedRecord> {
  const question = fc.record({ messageId: id, text: fc.string(), createdAt: timestamp, index: fc.nat() });
  const stream = fc
    .record(
      { conversationId: id, messageId: id, lastSeq: fc.nat(), text: fc.string(), createdAt: timestamp, question },
      { requiredKeys: ['conversationId', 'messageId', 'lastSeq', 'text', 'createdAt'] },
    )
    .map((s) => (s.lastSeq === 0 ? { ...s, text: '' } : s));
  const entry = fc.record({ conversationId: id, messageId: id, text: fc.string(), createdAt: timestamp });
  return fc
    .record({
      savedAt: timestamp,
      openConversationId: fc.option(id, { nil: null }),
      streams: fc.uniqueArray(stream, { maxLength: 4, selector: (s) => s.conversationId }),
      outbox: fc.array(entry, { maxLength: 4 }),
    })
    .filter(({ streams, outbox }) => {
      const ids = [...streams, ...streams.flatMap((s) => (s.question === undefined ? [] : [s.question])), ...outbox].map((m) => m.messageId);
      return new Set(ids).size === ids.length;
    })
    .map(({ savedAt, openConversationId, streams, outbox }) => ({
      format: 'rejoin/snapshot' as const,
      v: 4 as const,
      namespace,
      savedAt,
      openConversationId,
      streams,
      outbox,
      approvals: [],
    }));
}
