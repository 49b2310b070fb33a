import type { HistoryMessage } from '@rejoin/core/protocol';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryConversationStore } from '../../src/stores/memory/MemoryConversationStore.ts';
import type { RedisConnection } from '../../src/stores/redis/RedisConnection.ts';
import { RedisConversationStore, type RedisConversationStoreOptions } from '../../src/stores/redis/RedisConversationStore.ts';
import { connectForTest, deleteKeys, uniquePrefix } from './support/redisForTests.ts';

const user = (id: string, text: string, createdAt = 1): HistoryMessage => ({
  id,
  role: 'user',
  text,
  status: 'complete',
  createdAt,
});

let prefix: string;
const connections: RedisConnection[] = [];

beforeEach(() => {
  prefix = uniquePrefix();
});

afterEach(async () => {
  for (const connection of connections.splice(0)) await connection.close();
  await deleteKeys(prefix);
});

/** A store on its own connection: two of them behave like two server instances. */
async function openStore(options: RedisConversationStoreOptions = {}, keyPrefix = prefix): Promise<RedisConversationStore> {
  const connection = await connectForTest({ keyPrefix });
  connections.push(connection);
  return new RedisConversationStore(connection, options);
}

describe('RedisConversationStore', () => {
  it('creates a conversation once and returns the first owner to a later creator', async () => {
    const store = await openStore();
    expect(await store.create('c1', 'alice', 5)).toEqual({ conversationId: 'c1', ownerId: 'alice', createdAt: 5, updatedAt: 5 });
    expect(await store.create('c1', 'bob', 6)).toMatchObject({ ownerId: 'alice', createdAt: 5 });
    expect(await store.get('c1')).toMatchObject({ ownerId: 'alice', createdAt: 5 });
    expect(await store.get('missing')).toBeNull();
  });

  it('lets exactly one of two instances racing to create a conversation own it', async () => {
    const [a, b] = await Promise.all([openStore(), openStore()]);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? a : b).create('contested', `user-${index}`, index)),
    );
    const owners = new Set(results.map((record) => record.ownerId));
    expect(owners.size).toBe(1);
    expect((await a.get('contested'))?.ownerId).toBe([...owners][0]);
  });

  it('appends a message once per id and reports a resend as a duplicate with the stored index', async () => {
    const store = await openStore();
    await store.create('c1', 'alice', 0);
    expect(await store.appendMessage('c1', user('m1', 'hello', 10))).toEqual({ index: 0, duplicate: false, message: user('m1', 'hello', 10) });
    expect(await store.appendMessage('c1', user('m2', 'again'))).toMatchObject({ index: 1, duplicate: false });
    const resend = await store.appendMessage('c1', user('m1', 'changed text', 99));
    expect(resend).toEqual({ index: 0, duplicate: true, message: user('m1', 'hello', 10) });
    expect((await store.history('c1')).map((message) => message.id)).toEqual(['m1', 'm2']);
  });

  it('stores a resend racing on two instances once: one append, one duplicate', async () => {
    const [a, b] = await Promise.all([openStore(), openStore()]);
    await a.create('c1', 'alice', 0);
    const results = await Promise.all([a.appendMessage('c1', user('m1', 'hi')), b.appendMessage('c1', user('m1', 'hi'))]);
    expect(results.map((result) => result.duplicate).sort()).toEqual([false, true]);
    expect(results.map((result) => result.index)).toEqual([0, 0]);
    expect(await b.history('c1')).toEqual([user('m1', 'hi')]);
  });

  it('refuses to append to a conversation that does not exist', async () => {
    const store = await openStore();
    await expect(store.appendMessage('nope', user('m1', 'x'))).rejects.toMatchObject({ code: 'store/invariant' });
  });

  it('returns the most recent messages, oldest first, with a limit', async () => {
    const store = await openStore();
    await store.create('c1', 'alice', 0);
    for (const id of ['a', 'b', 'c', 'd']) await store.appendMessage('c1', user(id, id));
    expect((await store.history('c1', { limit: 2 })).map((message) => message.id)).toEqual(['c', 'd']);
    expect((await store.history('c1', { limit: 10 })).map((message) => message.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(await store.history('c1', { limit: 0 })).toEqual([]);
    expect(await store.history('unknown')).toEqual([]);
  });

  it('updates a message and returns it; an unknown message is null', async () => {
    const store = await openStore();
    await store.create('c1', 'alice', 0);
    await store.appendMessage('c1', user('m1', 'hi'));
    expect(await store.updateMessage('c1', 'm1', { replyTo: 'a1' })).toEqual({ ...user('m1', 'hi'), replyTo: 'a1' });
    expect(await store.updateMessage('c1', 'missing', { text: 'x' })).toBeNull();
    expect(await store.updateMessage('nope', 'm1', { text: 'x' })).toBeNull();
  });

  it("lists an owner's conversations, most recently updated first, with title, status and count", async () => {
    let now = 100;
    const store = await openStore({ now: () => now });
    await store.create('older', 'alice', 0);
    await store.appendMessage('older', user('m1', 'First   question\nabout   bread'));
    now = 200;
    await store.create('newer', 'alice', 0);
    await store.appendMessage('newer', user('m2', 'x'.repeat(80)));
    await store.appendMessage('newer', { id: 'a2', role: 'assistant', text: '', status: 'error', createdAt: 1, seq: 0 });
    await store.create('bobs', 'bob', 0);

    const list = await store.listByOwner('alice');
    expect(list.map((summary) => summary.conversationId)).toEqual(['newer', 'older']);
    expect(list[0]).toMatchObject({ status: 'errored', messageCount: 2, updatedAt: 200, title: `${'x'.repeat(59)}…` });
    expect(list[1]).toMatchObject({ status: 'idle', messageCount: 1, title: 'First question about bread' });
  });

  it('keeps the same histories and summaries as the in-memory store for any sequence of writes', async () => {
    const ids = ['u1', 'u2', 'u3', 'a1', 'a2', 'a3'];
    const statuses = ['complete', 'streaming', 'stopped', 'error'] as const;
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('append' as const), id: fc.constantFrom(...ids), text: fc.string({ maxLength: 8 }), status: fc.constantFrom(...statuses) }),
      fc.record({
        kind: fc.constant('update' as const),
        id: fc.constantFrom(...ids),
        text: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
        status: fc.option(fc.constantFrom(...statuses), { nil: undefined }),
        seq: fc.option(fc.nat(20), { nil: undefined }),
      }),
    );
    let now = 1000;
    const redis = await openStore({ now: () => now });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 12 }), async (operations) => {
        // A fresh conversation and owner per run, on the same Redis store.
        run += 1;
        const [c, owner] = [`c${run}`, `owner${run}`];
        const memory = new MemoryConversationStore({ now: () => now });
        for (const store of [memory, redis]) await store.create(c, owner, 0);
        for (const op of operations) {
          now += 1;
          if (op.kind === 'append') {
            const message: HistoryMessage = op.id.startsWith('u')
              ? user(op.id, op.text, now)
              : { id: op.id, role: 'assistant', text: op.text, status: op.status, createdAt: now, seq: 0 };
            expect(await redis.appendMessage(c, message)).toEqual(await memory.appendMessage(c, message));
          } else {
            const patch = {
              ...(op.text === undefined ? {} : { text: op.text }),
              ...(op.status === undefined || op.id.startsWith('u') ? {} : { status: op.status }),
              ...(op.seq === undefined ? {} : { seq: op.seq }),
            };
            expect(await redis.updateMessage(c, op.id, patch)).toEqual(await memory.updateMessage(c, op.id, patch));
          }
        }
        expect(await redis.history(c)).toEqual(await memory.history(c));
        expect(await redis.listByOwner(owner)).toEqual(await memory.listByOwner(owner));
        expect(await redis.get(c)).toEqual(await memory.get(c));
      }),
      { numRuns: Number(process.env['FAST_CHECK_RUNS'] ?? 25) },
    );
  });
});
