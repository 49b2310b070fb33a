import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/createLogger.ts';
import type { RedisConnection } from '../../src/stores/redis/RedisConnection.ts';
import { RedisStreamStore, type RedisStreamStoreOptions } from '../../src/stores/redis/RedisStreamStore.ts';
import { streamMeta as meta } from '../../src/testing/storeContract/storeFixtures.ts';
import { connectForTest, deleteKeys, eventually, uniquePrefix } from './support/redisForTests.ts';

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

// What every stream store does is in RedisStreamStore.contract.test.ts; these cases are the Redis
// store's own: its shared blocking reader and its key expiry.
describe('RedisStreamStore', () => {
  it('feeds many followers of many streams from one blocking reader, each in order and complete', async () => {
    const writer = await openStore();
    // The shared read blocks for longer than the test may run, so a chunk that arrives at all
    // arrived because a new follower woke the read, however slow the machine.
    const reader = await openStore({ blockMs: 600_000 });
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
    // A follower of another stream joining while the shared read is blocked wakes it up, so its
    // chunks arrive at once rather than when the block ends (after the test's own timeout).
    await writer.create(meta('e'));
    const late: number[] = [];
    await reader.follow('e', 0, (event) => event.type === 'chunk' && late.push(event.seq));
    await writer.append('e', 1, 'e1');
    await eventually(() => late.length === 1, 'the late follower to get chunk 1', 15_000);

    await eventually(() => [...received.values()].every((seqs) => seqs.length >= 10), 'every follower to get every chunk');
    for (const [name, seqs] of received) {
      expect(seqs.slice(0, 10), name).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
  });

  it('sends the appends made while a write is in flight together, in order, in fewer scripts than chunks', async () => {
    const store = await openStore();
    const { connection } = opened[0]!;
    await store.create(meta('s1'));
    const scripts: string[][] = [];
    const send = connection.commands.sendCommand.bind(connection.commands);
    connection.commands.sendCommand = ((args: readonly string[], options?: object) => {
      if (args[0] === 'EVALSHA' || args[0] === 'EVAL') scripts.push([...args]);
      return send(args, options);
    }) as typeof connection.commands.sendCommand;
    const appends = Array.from({ length: 100 }, (_, index) => store.append('s1', index + 1, `t${index + 1}`));
    await Promise.all(appends);
    // The first chunk leaves alone; the 99 appended during its round trip follow in one script.
    expect(scripts).toHaveLength(2);
    expect((await store.read('s1', 0))?.map((chunk) => chunk.text)).toEqual(Array.from({ length: 100 }, (_, index) => `t${index + 1}`));
  });

  it('refuses a queued append whose seq does not follow the batch, and stores the rest', async () => {
    const store = await openStore();
    await store.create(meta('s1'));
    const first = store.append('s1', 1, 'a');
    const second = store.append('s1', 2, 'b');
    const skipping = store.append('s1', 4, 'd');
    await expect(skipping).rejects.toThrow(/expects seq 3, got 4/);
    await Promise.all([first, second]);
    expect((await store.get('s1'))?.lastSeq).toBe(2);
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

  it('refuses a retention that is not a finite number >= 0', async () => {
    const connection = await connectForTest({ keyPrefix: prefix });
    try {
      expect(() => new RedisStreamStore(connection, { retentionMs: Number.NaN })).toThrow(/retentionMs/);
    } finally {
      await connection.close();
    }
  });
});
