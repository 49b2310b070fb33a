import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../createMemoryStorage.ts';
import { createPersister } from '../createPersister.ts';
import { decodeRecord } from '../decodeRecord.ts';
import { PERSISTED_RECORD_VERSION } from '../PersistedRecord.ts';
import { segmentKey, storageKey } from '../storageKey.ts';
import { stateFromRecord } from '../stateFromRecord.ts';
import { createTestClock } from './testClock.ts';

/**
 * Records exactly as version 1 of `recordFromState` and its serializer wrote them (generated from
 * that code before version 2, not written by hand): what users' browsers hold today.
 */
const v1 = JSON.parse(readFileSync(new URL('./fixtures/v1Records.json', import.meta.url), 'utf8')) as Record<
  'streamingWithQuestionAndOutbox' | 'idleEmpty',
  string
>;
const KEY = storageKey('alice');

describe('migrating version 1 records', () => {
  it('the fixtures are version 1 and this build writes a newer one', () => {
    expect(JSON.parse(v1.streamingWithQuestionAndOutbox)).toMatchObject({ v: 1 });
    expect(PERSISTED_RECORD_VERSION).toBe(4);
  });

  it('reads a version 1 record, through versions 2 and 3, as a version 4 base with every field kept and no approvals', () => {
    const { record, error } = decodeRecord(v1.streamingWithQuestionAndOutbox, 'alice');
    expect(error).toBeNull();
    const original = JSON.parse(v1.streamingWithQuestionAndOutbox) as Record<string, unknown>;
    expect(record).toEqual({ ...original, v: 4, approvals: [] });
    expect(decodeRecord(v1.idleEmpty, 'alice').record).toEqual({ ...(JSON.parse(v1.idleEmpty) as object), v: 4, approvals: [] });
  });

  it('restores a version 1 record in a new page, ready to resume its stream and resend its outbox', () => {
    const storage = createMemoryStorage({ [KEY]: v1.streamingWithQuestionAndOutbox });
    const result = createPersister({ storage, namespace: 'alice' }).restore();
    expect(result.error).toBeNull();
    const state = stateFromRecord(result.record!);
    expect(state.openConversationId).toBe('c1');
    expect(state.conversations['c1']?.stream).toEqual({ messageId: 'a1', lastSeq: 7, awaitingReplay: false });
    expect(state.conversations['c1']?.messages.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'streaming'],
      ['user', 'pending'],
    ]);
    expect(state.outbox.map((entry) => entry.messageId)).toEqual(['u9', 'u10']);
  });

  it('appends to a migrated stream as to any base: the next write rewrites nothing it already holds', () => {
    const storage = createMemoryStorage({ [KEY]: v1.streamingWithQuestionAndOutbox });
    const clock = createTestClock();
    const persister = createPersister({ storage, namespace: 'alice', clock, throttleMs: 0 });
    const restored = persister.restore().record!;
    const stream = restored.streams[0]!;
    persister.save({ ...restored, streams: [{ ...stream, lastSeq: 8, text: `${stream.text} next` }] });
    // The base is still the v1 text in storage: migrated on read, rewritten at the next compaction.
    expect(storage.getItem(KEY)).toBe(v1.streamingWithQuestionAndOutbox);
    expect(JSON.parse(storage.getItem(segmentKey('alice', 'a1', 1))!)).toMatchObject({ fromSeq: 7, toSeq: 8, text: ' next' });
    expect(createPersister({ storage, namespace: 'alice' }).restore().record?.streams[0]).toMatchObject({
      lastSeq: 8,
      text: `${stream.text} next`,
    });
  });
});

/**
 * A version 3 base with parts and a text segment after it, as version 3 wrote them (parts in the
 * base up to its cursor, text alone in segments): what a browser holds when version 4 ships.
 */
const V3_BASE =
  '{"format":"rejoin/snapshot","v":3,"namespace":"alice","savedAt":1700000000000,"openConversationId":"c1",' +
  '"streams":[{"conversationId":"c1","messageId":"a1","lastSeq":4,"text":"Looking ","createdAt":10,' +
  '"parts":[{"type":"reasoning","text":"Think.","done":true},{"type":"source","sourceId":"s","url":"https://e.x"},{"type":"text","text":"Looking "}]}],' +
  '"outbox":[],"approvals":[]}';
const V3_SEGMENT = '{"namespace":"alice","fromSeq":4,"toSeq":6,"text":"it up."}';

describe('migrating version 3 records', () => {
  it('reads a version 3 base with parts and its text segments as version 4, parts and text continued alike', () => {
    const storage = createMemoryStorage({ [KEY]: V3_BASE, [segmentKey('alice', 'a1', 1)]: V3_SEGMENT });
    const clock = createTestClock();
    const persister = createPersister({ storage, namespace: 'alice', clock, throttleMs: 0 });
    const { record, error } = persister.restore();
    expect(error).toBeNull();
    expect(record).toMatchObject({ v: 4, approvals: [] });
    const stream = record!.streams[0]!;
    expect(stream).toMatchObject({ lastSeq: 6, text: 'Looking it up.' });
    expect(stream.parts).toEqual([
      { type: 'reasoning', text: 'Think.', done: true },
      { type: 'source', sourceId: 's', url: 'https://e.x' },
      { type: 'text', text: 'Looking it up.' },
    ]);
    expect(stateFromRecord(record!).conversations['c1']!.messages[0]!.parts).toEqual(stream.parts);

    // The next part event appends to the migrated base as a version 4 segment of events.
    const parts = [...stream.parts!, { type: 'data' as const, name: 'progress', data: 1 }];
    persister.save({ ...record!, streams: [{ ...stream, lastSeq: 7, parts }] });
    expect(storage.getItem(KEY)).toBe(V3_BASE);
    expect(JSON.parse(storage.getItem(segmentKey('alice', 'a1', 2))!)).toEqual({
      namespace: 'alice',
      fromSeq: 6,
      toSeq: 7,
      events: [{ kind: 'data', name: 'progress', data: 1 }],
    });
    expect(createPersister({ storage, namespace: 'alice' }).restore().record!.streams[0]).toMatchObject({ lastSeq: 7, parts });
  });
});
