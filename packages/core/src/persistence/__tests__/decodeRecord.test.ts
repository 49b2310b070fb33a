import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../errors/RejoinError.ts';
import { decodeRecord } from '../decodeRecord.ts';
import { PERSISTED_RECORD_VERSION, type PersistedRecord } from '../PersistedRecord.ts';
import { persistedRecordArbitrary } from './persistedRecordArbitrary.ts';

const NAMESPACE = 'alice';

const valid: PersistedRecord = {
  format: 'rejoin/snapshot',
  v: 4,
  namespace: NAMESPACE,
  savedAt: 1_700_000_000_000,
  openConversationId: 'c1',
  streams: [{ conversationId: 'c1', messageId: 'm2', lastSeq: 3, text: 'Hello, wor', createdAt: 1_700_000_000_100 }],
  outbox: [{ conversationId: 'c2', messageId: 'm9', text: 'are you there?', createdAt: 1_700_000_000_200 }],
  approvals: [],
};

/** `valid` with one field replaced, serialized. */
function withField(path: readonly (string | number)[], value: unknown): string {
  const copy = structuredClone(valid) as unknown as Record<string | number, unknown>;
  let target = copy;
  for (const step of path.slice(0, -1)) target = target[step] as Record<string | number, unknown>;
  target[path[path.length - 1] as string | number] = value;
  return JSON.stringify(copy);
}

function codeOf(raw: string, namespace = NAMESPACE): string | null {
  return decodeRecord(raw, namespace).error?.code ?? null;
}

describe('decodeRecord', () => {
  it('returns a valid record as it was written', () => {
    expect(decodeRecord(JSON.stringify(valid), NAMESPACE)).toEqual({ record: valid, error: null });
  });

  it('keeps an outbox entry marked sent, reads one without the mark as never sent, and refuses another value', () => {
    const entry = { conversationId: 'c1', messageId: 'm10', text: 'on the wire once', createdAt: 5 };
    const later = { ...entry, messageId: 'm11', createdAt: 6 };
    const withSent = { ...valid, outbox: [{ ...entry, sent: true as const }, later] };
    expect(decodeRecord(JSON.stringify(withSent), NAMESPACE).record?.outbox).toEqual([{ ...entry, sent: true }, later]);
    const bad = { ...valid, outbox: [{ ...entry, sent: 'yes' }] };
    expect(decodeRecord(JSON.stringify(bad), NAMESPACE).error?.code).toBe('storage/corrupt');
  });

  it('drops fields it does not know', () => {
    const raw = JSON.stringify({ ...valid, extra: 'x', streams: [{ ...valid.streams[0], junk: true }] });
    const { record } = decodeRecord(raw, NAMESPACE);
    expect(record).toEqual(valid);
    expect(Object.keys(record ?? {})).not.toContain('extra');
  });

  it.each([
    ['text that is not JSON', '{"format":"rejoin/snap'],
    ['an empty string', ''],
    ['a JSON array', '[]'],
    ['JSON null', 'null'],
    ['a JSON string', '"rejoin"'],
    ['an object of another format', JSON.stringify({ ...valid, format: 'other/thing' })],
    ['an object without a format', JSON.stringify({ v: 1, namespace: NAMESPACE })],
  ])('reports storage/corrupt for %s', (_, raw) => {
    const result = decodeRecord(raw, NAMESPACE);
    expect(result.record).toBeNull();
    expect(result.error).toBeInstanceOf(StorageError);
    expect(result.error?.code).toBe('storage/corrupt');
    expect(result.error?.message).toMatch(/^\[rejoin\] The saved snapshot is unreadable/);
  });

  it('keeps the chat text out of the message of a JSON error', () => {
    const result = decodeRecord('{"text":"my secret diagnosis', NAMESPACE);
    expect(result.error?.code).toBe('storage/corrupt');
    expect(result.error?.message).not.toContain('secret');
    expect(result.error?.cause).toBeInstanceOf(SyntaxError);
  });

  it.each([
    ['v missing', ['v'], undefined],
    ['v a string', ['v'], '1'],
    ['v fractional', ['v'], 1.5],
    ['namespace empty', ['namespace'], ''],
    ['savedAt negative', ['savedAt'], -1],
    ['savedAt a string', ['savedAt'], '2024-01-01'],
    ['openConversationId a number', ['openConversationId'], 7],
    ['openConversationId empty', ['openConversationId'], ''],
    ['openConversationId too long', ['openConversationId'], 'c'.repeat(129)],
    ['openConversationId with characters ids never hold', ['openConversationId'], 'c 1<script>'],
    ['streams not an array', ['streams'], {}],
    ['a stream null', ['streams', 0], null],
    ['a stream conversationId missing', ['streams', 0, 'conversationId'], undefined],
    ['a stream messageId empty', ['streams', 0, 'messageId'], ''],
    ['a stream lastSeq negative', ['streams', 0, 'lastSeq'], -1],
    ['a stream lastSeq fractional', ['streams', 0, 'lastSeq'], 2.5],
    ['a stream lastSeq a string', ['streams', 0, 'lastSeq'], '3'],
    ['a stream text a number', ['streams', 0, 'text'], 12],
    ['a stream with text but lastSeq 0', ['streams', 0, 'lastSeq'], 0],
    ['a stream createdAt infinite (as JSON null)', ['streams', 0, 'createdAt'], Number.POSITIVE_INFINITY],
    ['outbox not an array', ['outbox'], 'none'],
    ['an outbox entry a string', ['outbox', 0], 'hello'],
    ['an outbox messageId a number', ['outbox', 0, 'messageId'], 9],
    ['an outbox text missing', ['outbox', 0, 'text'], undefined],
    ['an outbox createdAt missing', ['outbox', 0, 'createdAt'], undefined],
  ])('reports storage/corrupt for %s', (_, path, value) => {
    expect(codeOf(withField(path, value))).toBe('storage/corrupt');
  });

  it('names the offending field in the message', () => {
    const result = decodeRecord(withField(['streams', 0, 'lastSeq'], 'x'), NAMESPACE);
    expect(result.error?.message).toContain('streams[0].lastSeq');
  });

  it('reports storage/corrupt for two streams of one conversation', () => {
    const stream = valid.streams[0];
    const raw = JSON.stringify({ ...valid, streams: [stream, { ...stream, messageId: 'other' }] });
    expect(codeOf(raw)).toBe('storage/corrupt');
  });

  it('reports storage/corrupt for one message id used twice', () => {
    const entry = valid.outbox[0];
    const raw = JSON.stringify({ ...valid, outbox: [entry, { ...entry, text: 'again' }] });
    expect(codeOf(raw)).toBe('storage/corrupt');
  });

  it('reads the question recorded with a stream, and a record without one', () => {
    const question = { messageId: 'm1', text: 'Say hello', createdAt: 1_700_000_000_050, index: 0 };
    const withQuestion: PersistedRecord = { ...valid, streams: [{ ...valid.streams[0]!, question }] };
    expect(decodeRecord(JSON.stringify(withQuestion), NAMESPACE)).toEqual({ record: withQuestion, error: null });
    expect(decodeRecord(JSON.stringify(valid), NAMESPACE).record?.streams[0]).not.toHaveProperty('question');
  });

  it('reports storage/corrupt for a malformed question, or one that reuses a message id', () => {
    const stream = valid.streams[0]!;
    const question = { messageId: 'm1', text: 'Say hello', createdAt: 1, index: 0 };
    const bad = [
      { ...stream, question: 'Say hello' },
      { ...stream, question: { ...question, index: -1 } },
      { ...stream, question: { ...question, text: 7 } },
      { ...stream, question: { ...question, messageId: stream.messageId } },
    ];
    for (const candidate of bad) expect(codeOf(JSON.stringify({ ...valid, streams: [candidate] }))).toBe('storage/corrupt');
  });

  it('reports storage/version for a version newer than this build reads', () => {
    const result = decodeRecord(withField(['v'], PERSISTED_RECORD_VERSION + 1), NAMESPACE);
    expect(result.error?.code).toBe('storage/version');
    expect(result.error?.message).toContain(`version ${PERSISTED_RECORD_VERSION + 1}`);
  });

  it('reports storage/version for an older version with no migration', () => {
    expect(codeOf(withField(['v'], 0))).toBe('storage/version');
  });

  it('reports storage/foreign_namespace for another namespace, without naming it', () => {
    const result = decodeRecord(JSON.stringify({ ...valid, namespace: 'bob' }), NAMESPACE);
    expect(result.error?.code).toBe('storage/foreign_namespace');
    expect(result.error?.message).not.toContain('bob');
  });

  it('never throws, whatever string it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ ...valid, streams: [v] }))), (raw) => {
        const result = decodeRecord(raw, NAMESPACE);
        expect(result.record === null).toBe(result.error !== null);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws when given something other than a string', () => {
    for (const raw of [undefined, null, 42, {}, Symbol('x')]) {
      expect(decodeRecord(raw as unknown as string, NAMESPACE).error?.code).toBe('storage/corrupt');
    }
  });

  it('decodes every valid record back to itself', () => {
    fc.assert(
      fc.property(persistedRecordArbitrary(NAMESPACE), (record) => {
        expect(decodeRecord(JSON.stringify(record), NAMESPACE)).toEqual({ record, error: null });
      }),
      { numRuns: 200 },
    );
  });
});
