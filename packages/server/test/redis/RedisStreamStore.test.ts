import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/createLogger.ts';
import type { RedisConnection } from '../../src/stores/redis/RedisConnection.ts';
import { RedisStreamStore, type RedisStreamStoreOptions } from '../../src/stores/redis/RedisStreamStore.ts';
import type { StreamEvent, StreamMeta, StreamRecord } from '../../src/stores/StreamStore.ts';
import { connectForTest, deleteKeys, eventually, uniquePrefix } from './support/redisForTests.ts';

const meta = (messageId: string, overrides: Partial<StreamMeta> = {}): StreamMeta => ({
  conversationId: 'conv-1',
  messageId,
  ownerId: 'user-1',
  replyTo: 'question',
  index: 1,
  startedAt: 1000,
  ...overrides,
});

let prefix: string;
const opened: { store: RedisStreamStore; connection: RedisConnection }[] = [];

beforeEach(() => {
  prefix = uniquePrefix();
});

afterEach(async () => {
  for (const { store, connection } of opened.splice(0)) {
    await store.close();
    await connection.close();
  }
  await deleteKeys(prefix);
});

/** A stream store on its own connection: two of them behave like two server instances. */
async function openStore(options: RedisStreamStoreOptions = {}): Promise<RedisStreamStore> {
  const connection = await connectForTest({ keyPrefix: prefix });
  const store = new RedisStreamStore(connection, { logger: createLogger({ level: 'silent' }), ...options });
  opened.push({ store, connection });
  return store;
}

async function storeWithChunks(count: number, options: RedisStreamStoreOptions = {}) {
  const store = await openStore(options);
  await store.create(meta('s1'));
  for (let seq = 1; seq <= count; seq++) await store.append('s1', seq, `t${seq}`);
  return store;
}

describe('RedisStreamStore', () => {
  it('follows a stream from an offset with no gap and no overlap between replay and live chunks', async () => {
    const store = await storeWithChunks(3);
    const events: StreamEvent[] = [];
    // Appends race with the follow: one sent before it, more right after it resolves.
    const racing = store.append('s1', 4, 't4');
    await store.follow('s1', 1, (event) => events.push(event));
    await racing;
    await store.append('s1', 5, 't5');
    await store.finish('s1', { finishReason: 'complete', lastSeq: 5 });

    await eventually(() => events.at(-1)?.type === 'end', 'the end to be delivered');
    expect(events).toEqual([
      { type: 'chunk', seq: 2, text: 't2' },
      { type: 'chunk', seq: 3, text: 't3' },
      { type: 'chunk', seq: 4, text: 't4' },
      { type: 'chunk', seq: 5, text: 't5' },
      { type: 'end', finishReason: 'complete', lastSeq: 5 },
    ]);
  });

  it('lets another instance follow a stream live, written by the first one chunk by chunk', async () => {
    const writer = await openStore();
    const reader = await openStore();
    await writer.create(meta('s1'));
    await writer.append('s1', 1, 'a');
    const events: StreamEvent[] = [];
    await reader.follow('s1', 0, (event) => events.push(event));
    for (let seq = 2; seq <= 40; seq++) await writer.append('s1', seq, String.fromCharCode(96 + (seq % 26)));
    await writer.finish('s1', { finishReason: 'stopped', lastSeq: 40 });

    await eventually(() => events.at(-1)?.type === 'end', 'the end to reach the other instance');
    const seqs = events.flatMap((event) => (event.type === 'chunk' ? [event.seq] : []));
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    expect(events.at(-1)).toEqual({ type: 'end', finishReason: 'stopped', lastSeq: 40 });
  });

  it('feeds many followers of many streams from one blocking reader, each in order and complete', async () => {
    const writer = await openStore();
    const reader = await openStore({ blockMs: 10_000 });
    const streams = ['a', 'b', 'c', 'd'];
    for (const id of streams) await writer.create(meta(id));
    const received = new Map<string, number[]>();
    for (const id of streams) {
      for (let follower = 0; follower < 25; follower++) {
        const seqs: number[] = [];
        received.set(`${id}/${follower}`, seqs);
        await reader.follow(id, 0, (event) => event.type === 'chunk' && seqs.push(event.seq));
      }
    }
    for (let seq = 1; seq <= 10; seq++) {
      await Promise.all(streams.map((id) => writer.append(id, seq, `${id}${seq}`)));
    }
    // A follower of another stream joining while the shared read is blocked (for up to 10 s) wakes
    // it up, so its chunks arrive at once rather than when the block ends.
    await writer.create(meta('e'));
    const late: number[] = [];
    await reader.follow('e', 0, (event) => event.type === 'chunk' && late.push(event.seq));
    const joinedAt = Date.now();
    await writer.append('e', 1, 'e1');
    await eventually(() => late.length === 1, 'the late follower to get chunk 1', 3000);
    expect(Date.now() - joinedAt).toBeLessThan(1000);

    await eventually(() => [...received.values()].every((seqs) => seqs.length >= 10), 'every follower to get every chunk');
    for (const [name, seqs] of received) {
      expect(seqs.slice(0, 10), name).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
  });

  it('replays a finished stream and its end, then releases the listener', async () => {
    const store = await storeWithChunks(2);
    await store.finish('s1', { finishReason: 'stopped', lastSeq: 2 });
    const events: StreamEvent[] = [];
    expect(await store.follow('s1', 0, (event) => events.push(event))).toBeTypeOf('function');
    expect(events.map((event) => event.type)).toEqual(['chunk', 'chunk', 'end']);
    expect(events.at(-1)).toEqual({ type: 'end', finishReason: 'stopped', lastSeq: 2 });
  });

  it('delivers the end to a cursor that claims more chunks than the stream has', async () => {
    const store = await storeWithChunks(2);
    await store.finish('s1', { finishReason: 'error', lastSeq: 2, error: 'model failed' });
    const events: StreamEvent[] = [];
    await store.follow('s1', 7, (event) => events.push(event));
    expect(events).toEqual([{ type: 'end', finishReason: 'error', lastSeq: 2, error: 'model failed' }]);
  });

  it('stops delivering after unsubscribe', async () => {
    const store = await storeWithChunks(1);
    const events: StreamEvent[] = [];
    const unsubscribe = await store.follow('s1', 1, (event) => events.push(event));
    unsubscribe?.();
    await store.append('s1', 2, 't2');
    const witness: StreamEvent[] = [];
    await store.follow('s1', 1, (event) => witness.push(event));
    await store.append('s1', 3, 't3');
    await eventually(() => witness.length === 2, 'a later follower to get both chunks');
    expect(events).toEqual([]);
  });

  it('refuses a seq that is not the next one, so no gap or duplicate can be written', async () => {
    const store = await storeWithChunks(2);
    await expect(store.append('s1', 2, 'again')).rejects.toMatchObject({ code: 'store/invariant' });
    await expect(store.append('s1', 4, 'skip')).rejects.toMatchObject({ code: 'store/invariant' });
    expect(await store.read('s1', 0)).toEqual([
      { seq: 1, text: 't1' },
      { seq: 2, text: 't2' },
    ]);
  });

  it('refuses writes to a finished or unknown stream, and a second stream with the same id', async () => {
    const store = await storeWithChunks(1);
    await store.finish('s1', { finishReason: 'complete', lastSeq: 1 });
    await expect(store.append('s1', 2, 'late')).rejects.toMatchObject({ code: 'store/invariant' });
    await expect(store.finish('s1', { finishReason: 'complete', lastSeq: 1 })).rejects.toMatchObject({ code: 'store/invariant' });
    await expect(store.append('nope', 1, 'x')).rejects.toMatchObject({ code: 'store/invariant' });
    await expect(store.create(meta('s1'))).rejects.toMatchObject({ code: 'store/invariant' });
  });

  it('announces the stored chunk count as lastSeq, whatever the caller claims', async () => {
    const store = await storeWithChunks(2);
    await store.finish('s1', { finishReason: 'complete', lastSeq: 9 });
    expect(await store.get('s1')).toMatchObject({ lastSeq: 2, finishReason: 'complete' });
  });

  it('keeps a finished stream replayable for the retention period, then forgets it', async () => {
    let now = 1_000;
    const store = await storeWithChunks(2, { retentionMs: 500, now: () => now });
    await store.finish('s1', { finishReason: 'complete', lastSeq: 2 });
    now += 499;
    expect(await store.read('s1', 0)).toHaveLength(2);
    now += 1;
    expect(await store.get('s1')).toBeNull();
    expect(await store.read('s1', 0)).toBeNull();
    expect(await store.follow('s1', 0, () => {})).toBeNull();
  });

  it('gives finished streams a TTL in Redis, and none to running ones', async () => {
    const store = await storeWithChunks(1, { retentionMs: 60_000 });
    const connection = opened[0]!.connection;
    expect(await connection.commands.sendCommand(['PTTL', `${prefix}stream:s1`])).toBe(-1);
    await store.finish('s1', { finishReason: 'complete', lastSeq: 1 });
    for (const key of [`${prefix}stream:s1`, `${prefix}meta:s1`]) {
      const ttl = (await connection.commands.sendCommand(['PTTL', key])) as number;
      expect(ttl).toBeGreaterThan(60_000);
      expect(ttl).toBeLessThanOrEqual(90_000);
    }
  });

  it("lists only the owner's running streams, oldest first, on any instance", async () => {
    const store = await openStore();
    const other = await openStore();
    await store.create(meta('late', { startedAt: 20 }));
    await store.create(meta('early', { startedAt: 10 }));
    await store.create(meta('other', { ownerId: 'user-2' }));
    await store.create(meta('done'));
    await store.finish('done', { finishReason: 'complete', lastSeq: 0 });
    const active: readonly StreamRecord[] = await other.activeForOwner('user-1');
    expect(active.map((stream) => stream.messageId)).toEqual(['early', 'late']);
    expect(active[0]).toEqual({ ...meta('early', { startedAt: 10 }), lastSeq: 0, finishReason: null, finishedAt: null });
  });

  it('tells the watchers of a conversation on every instance about each stream created in it', async () => {
    const here = await openStore();
    const there = await openStore();
    const seenHere: string[] = [];
    const seenThere: string[] = [];
    const unwatchHere = await here.watchConversation('conv-1', (stream) => seenHere.push(stream.messageId));
    const unwatchThere = await there.watchConversation('conv-1', (stream) => seenThere.push(stream.messageId));
    await here.create(meta('a'));
    await here.create(meta('elsewhere', { conversationId: 'conv-2' }));
    await eventually(() => seenThere.length === 1, 'the other instance to hear of the stream');
    expect(seenHere).toEqual(['a']); // once, directly, not again through the channel
    unwatchHere();
    unwatchThere();
    await here.create(meta('b'));
    await there.create(meta('c'));
    // The subscription is gone: nothing more arrives (checked after a round trip through Redis).
    const witness = await openStore();
    const seenWitness: string[] = [];
    await witness.watchConversation('conv-1', (stream) => seenWitness.push(stream.messageId));
    await there.create(meta('d'));
    await eventually(() => seenWitness.length === 1, 'a fresh watcher to hear of stream d');
    expect(seenHere).toEqual(['a']);
    expect(seenThere).toEqual(['a']);
  });

  it('drops a listener that throws without stalling the writer or the other listeners', async () => {
    const store = await storeWithChunks(0);
    const reader = await openStore();
    const good: number[] = [];
    let calls = 0;
    await reader.follow('s1', 0, () => {
      calls += 1;
      throw new Error('broken follower');
    });
    await reader.follow('s1', 0, (event) => event.type === 'chunk' && good.push(event.seq));
    await store.append('s1', 1, 'a');
    await store.append('s1', 2, 'b');
    await eventually(() => good.length === 2, 'the good listener to get both chunks');
    expect(good).toEqual([1, 2]);
    expect(calls).toBe(1);
  });

  it('refuses a retention that is not a finite number >= 0', async () => {
    const connection = await connectForTest({ keyPrefix: prefix });
    try {
      expect(() => new RedisStreamStore(connection, { retentionMs: Number.NaN })).toThrow(/retentionMs/);
    } finally {
      await connection.close();
    }
  });
});
