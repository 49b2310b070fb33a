import type { HistoryMessage } from '@rejoin/core/protocol';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryConversationStore } from '../../src/stores/memory/MemoryConversationStore.ts';
import type { RedisConnection } from '../../src/stores/redis/RedisConnection.ts';
import { RedisConversationStore, type RedisConversationStoreOptions } from '../../src/stores/redis/RedisConversationStore.ts';
import { userMessage as user } from '../../src/testing/storeContract/storeFixtures.ts';
import { connectForTest, deleteKeys, uniquePrefix } from './support/redisForTests.ts';

let prefix: string;
const connections: RedisConnection[] = [];

beforeEach(() => {
  prefix = uniquePrefix();
});

afterEach(async () => {
  for (const connection of connections.splice(0)) await connection.close();
  await deleteKeys(prefix);
});

async function openStore(options: RedisConversationStoreOptions = {}): Promise<RedisConversationStore> {
  const connection = await connectForTest({ keyPrefix: prefix });
  connections.push(connection);
  return new RedisConversationStore(connection, options);
}

// What every conversation store does is in RedisConversationStore.contract.test.ts; this case
// checks the Redis store against the in-memory one on any sequence of writes.
describe('RedisConversationStore', () => {
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
