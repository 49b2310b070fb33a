import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PartEvent } from '@rejoin/core/protocol';
import { createLogger } from '../../src/logging/createLogger.ts';
import type { RedisConnection } from '../../src/stores/redis/RedisConnection.ts';
import { RedisStreamStore, type RedisStreamStoreOptions } from '../../src/stores/redis/RedisStreamStore.ts';
import { READ_STREAM } from '../../src/stores/redis/streamScripts.ts';
import type { StreamEvent } from '../../src/stores/StreamStore.ts';
import { streamMeta as meta } from '../../src/testing/storeContract/storeFixtures.ts';
import { connectForTest, deleteKeysOn, eventually, REDIS_TARGETS, type RedisTarget, uniquePrefix } from './support/redisForTests.ts';

// An instance delivers its own confirmed appends to its own followers and leaves those streams out
// of the shared XREAD; these cases pin that down against a second instance reading through Redis.
describe.each(REDIS_TARGETS)('local delivery of streams written here, on $name', (target: RedisTarget) => {
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
    await deleteKeysOn(target, prefix);
  });

  /** A stream store on its own connection: two of them behave like two server instances. */
  async function openStore(options: RedisStreamStoreOptions = {}): Promise<RedisStreamStore> {
    const connection = await connectForTest({ keyPrefix: prefix }, target);
    // The shared read blocks for longer than a test runs: whatever arrives was not a timed re-read.
    const store = new RedisStreamStore(connection, { logger: createLogger({ level: 'silent' }), blockMs: 600_000, ...options });
    opened.push({ store, connection });
    return store;
  }

  /** Follows `messageId` from `afterSeq`, collecting every event, and resolves `ended` at the end. */
  async function collect(store: RedisStreamStore, messageId: string, afterSeq = 0) {
    const events: StreamEvent[] = [];
    let ended!: () => void;
    const end = new Promise<void>((resolve) => {
      ended = resolve;
    });
    const unsubscribe = await store.follow(messageId, afterSeq, (event) => {
      events.push(event);
      if (event.type === 'end') ended();
    });
    expect(unsubscribe).not.toBeNull();
    return { events, end };
  }

  const seqs = (events: readonly StreamEvent[]) => events.flatMap((event) => (event.type === 'chunk' ? [event.seq] : []));
  const texts = (events: readonly StreamEvent[]) => events.flatMap((event) => (event.type === 'chunk' ? [event.part ?? event.text] : []));
  const toolCall: PartEvent = { kind: 'tool-input-available', toolCallId: 'call-1', toolName: 'weather', input: { city: 'Oslo' } };

  it('gives a local follower every chunk and part once, in order, then the end, and gives a follower on another instance the same events', async () => {
    const writer = await openStore();
    const other = await openStore();
    await writer.create(meta('s1'));
    await writer.append('s1', 1, 'a1');
    const local = await collect(writer, 's1');
    const remote = await collect(other, 's1');
    // Appends issued together travel in batches, so the local path sees several chunks per confirmation.
    const appends: Promise<void>[] = [];
    for (let seq = 2; seq <= 60; seq++) appends.push(writer.append('s1', seq, seq === 30 ? toolCall : `a${seq}`));
    await Promise.all(appends);
    await writer.finish('s1', { finishReason: 'complete', lastSeq: 60 });
    await Promise.all([local.end, remote.end]);

    expect(seqs(local.events)).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    expect(texts(local.events)[29]).toEqual(toolCall);
    expect(local.events.at(-1)).toEqual({ type: 'end', finishReason: 'complete', lastSeq: 60 });
    expect(remote.events).toEqual(local.events);
  });

  it('never names a stream created here in the shared read while its followers have every confirmed chunk', async () => {
    const writer = await openStore();
    const other = await openStore();
    await writer.create(meta('s1'));
    // Followed before its first chunk: the instance that created it will write it.
    const local = await collect(writer, 's1');
    await writer.append('s1', 1, 'a1');
    const remote = await collect(other, 's1');
    for (let seq = 2; seq <= 20; seq++) await writer.append('s1', seq, `a${seq}`);
    await writer.finish('s1', { finishReason: 'complete', lastSeq: 20 });
    await Promise.all([local.end, remote.end]);

    expect(writer.readStats()).toEqual({ reads: 0, streamsNamed: 0 });
    // The other instance has no write of its own to go by: it reads the stream from Redis.
    expect(other.readStats().streamsNamed).toBeGreaterThan(0);
  });

  it('replays a follower from an offset, then goes live on the local path without a gap or duplicate', async () => {
    const writer = await openStore();
    await writer.create(meta('s1'));
    for (let seq = 1; seq <= 10; seq++) await writer.append('s1', seq, `a${seq}`);
    const late = await collect(writer, 's1', 4);
    expect(seqs(late.events)).toEqual([5, 6, 7, 8, 9, 10]);
    for (let seq = 11; seq <= 15; seq++) await writer.append('s1', seq, `a${seq}`);
    await writer.finish('s1', { finishReason: 'complete', lastSeq: 15 });
    await late.end;

    expect(seqs(late.events)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(writer.readStats().streamsNamed).toBe(0);
  });

  it('catches up through the shared read a follower that joined behind the confirmed seq', async () => {
    const writer = await openStore();
    const { connection } = opened[0]!;
    await writer.create(meta('s1'));
    await writer.append('s1', 1, 'a1');
    // The follower's replay is read from Redis now, but its answer is held back until chunks 2 to
    // 4 are confirmed and delivered locally: it joins behind, as when its replay crossed appends.
    let releaseReplay!: () => void;
    const replayHeld = new Promise<void>((resolve) => {
      releaseReplay = resolve;
    });
    const send = connection.commands.sendCommand.bind(connection.commands);
    let holdNext = true;
    connection.commands.sendCommand = (async (args: readonly string[], options?: object) => {
      const reply = await send(args, options);
      if (holdNext && args.includes(READ_STREAM.sha)) {
        holdNext = false;
        await replayHeld;
      }
      return reply;
    }) as typeof connection.commands.sendCommand;
    const events: StreamEvent[] = [];
    const following = writer.follow('s1', 0, (event) => events.push(event));
    for (let seq = 2; seq <= 4; seq++) await writer.append('s1', seq, `a${seq}`);
    releaseReplay();
    await following;
    for (let seq = 5; seq <= 6; seq++) await writer.append('s1', seq, `a${seq}`);
    await writer.finish('s1', { finishReason: 'complete', lastSeq: 6 });
    await eventually(() => events.at(-1)?.type === 'end', 'the follower to get the end');

    expect(seqs(events)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(writer.readStats().reads).toBeGreaterThan(0);
  });

  it('switches the stream to the shared read when another instance writes it mid-stream, and delivers nothing of a refused append', async () => {
    // Long quiet limit: only the refused append can send the stream back to the shared read.
    const first = await openStore({ leaseMs: 600_000 });
    const second = await openStore();
    await first.create(meta('s1'));
    for (let seq = 1; seq <= 3; seq++) await first.append('s1', seq, `first${seq}`);
    const local = await collect(first, 's1');
    // The conversation moved: the other instance writes on from seq 4.
    await second.append('s1', 4, 'second4');
    await second.append('s1', 5, 'second5');
    await expect(first.append('s1', 4, 'stale4')).rejects.toThrow(/expects seq 6, got 4/);
    await second.finish('s1', { finishReason: 'error', lastSeq: 5, error: 'worker lost' });
    await local.end;

    expect(texts(local.events)).toEqual(['first1', 'first2', 'first3', 'second4', 'second5']);
    expect(local.events.at(-1)).toEqual({ type: 'end', finishReason: 'error', lastSeq: 5, error: 'worker lost' });
  });

  it('reads the stream again when its writer here went quiet for a lease, as when another instance adopted it', async () => {
    const first = await openStore({ leaseMs: 150 });
    const second = await openStore();
    await first.create(meta('s1'));
    for (let seq = 1; seq <= 2; seq++) await first.append('s1', seq, `first${seq}`);
    const local = await collect(first, 's1');
    await second.append('s1', 3, 'second3');
    await second.finish('s1', { finishReason: 'error', lastSeq: 3, error: 'worker lost' });
    await local.end;

    expect(texts(local.events)).toEqual(['first1', 'first2', 'second3']);
  });

  it('reads its streams again once it hears that a lease of its own was taken over', async () => {
    const first = await openStore({ leaseMs: 600_000 });
    const second = await openStore();
    await first.create(meta('s1'));
    for (let seq = 1; seq <= 2; seq++) await first.append('s1', seq, `first${seq}`);
    const local = await collect(first, 's1');
    await second.append('s1', 3, 'second3');
    await second.finish('s1', { finishReason: 'error', lastSeq: 3, error: 'worker lost' });
    // The other instance holds the stream's conversation: releasing it here finds the lease lost.
    expect(await second.coordinator.acquire('conv-1')).toBe(true);
    expect(await first.coordinator.release('conv-1')).toBe('lost');
    await local.end;

    expect(texts(local.events)).toEqual(['first1', 'first2', 'second3']);
  });
});
