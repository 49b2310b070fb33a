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
