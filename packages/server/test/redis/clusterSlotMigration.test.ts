import type { ServerFrame } from '@rejoin/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedisClusterForTests } from '../../../../scripts/redisForTests.mjs';
import type { Respond } from '../../src/generation/Respond.ts';
import { createSimulatedModel } from '../../src/generation/simulatedModel.ts';
import { assistantOf, createNodeClient, waitFor } from '../integration/support/nodeClient.ts';
import { eventually, uniquePrefix } from './support/redisForTests.ts';
import { startRedisInstance } from './support/redisInstance.ts';
import { slotMigration } from './support/slotMigration.ts';
import { startSwitchableProxy } from './support/switchableProxy.ts';

/**
 * A cluster of this file's own: moving slots on the shared one would disturb the suites running
 * beside it, whose streams share the same stream slots.
 */
let cluster: Awaited<ReturnType<typeof startRedisClusterForTests>>;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  // Scans upward from this port for three free ones (and their cluster bus ports);
  // REJOIN_MIGRATION_CLUSTER_PORT moves it, for runs beside other clusters.
  cluster = await startRedisClusterForTests(Number(process.env['REJOIN_MIGRATION_CLUSTER_PORT'] ?? 7150));
}, 30_000);

afterAll(() => cluster?.stop());

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/**
 * The simulated model, holding each piece until the test lets it through: what is stored during
 * each step of the migration is what the test allowed, never what a fast or slow machine did.
 */
function gatedModel(): { respond: Respond; allow: (pieces: number) => void; allowAll: () => void } {
  const simulated = createSimulatedModel({ tokensPerSecond: Number.POSITIVE_INFINITY });
  let allowed = 0;
  let wake: (() => void) | null = null;
  const allow = (pieces: number): void => {
    allowed += pieces;
    wake?.();
    wake = null;
  };
  return {
    allow,
    allowAll: () => allow(Number.POSITIVE_INFINITY),
    async *respond(input) {
      let yielded = 0;
      for await (const piece of simulated(input)) {
        while (yielded >= allowed) await new Promise<void>((resolve) => (wake = resolve));
        yielded += 1;
        yield piece;
      }
    },
  };
}

describe('a Redis Cluster moving slots while a reply streams', () => {
  it("loses no chunk when the stream's and the conversation's slots move to another master mid-reply", async () => {
    const masters = cluster.urls.split(',');
    const target = { name: 'private Redis Cluster', connectOptions: () => ({ clusterUrls: masters }) };
    const prefix = uniquePrefix();
    // A generates; the test lets its pieces through step by step, so it is mid-reply throughout.
    const model = gatedModel();
    const a = await startRedisInstance({ keyPrefix: prefix, target, respond: model.respond });
    cleanups.push(() => a.close());
    const b = await startRedisInstance({ keyPrefix: prefix, target });
    cleanups.push(() => b.close());
    const proxy = await startSwitchableProxy(a.port);
    cleanups.push(() => proxy.close());
    const { client, log } = createNodeClient({ url: proxy.url });
    cleanups.push(() => client.dispose());

    model.allow(3);
    client.send('Tell me about resumable streams across a resharding cluster');
    const conversationId = client.getSnapshot().context.openConversationId!;
    const seqNow = () => assistantOf(client, conversationId)?.seq ?? 0;
    await waitFor(client, () => seqNow() >= 3, 'three tokens from A');
    const messageId = assistantOf(client, conversationId)!.id;
    // The client follows from B, through B's blocking reader, while A generates: both the writes
    // and the tail cross the migration.
    proxy.switchTo(b.port);
    proxy.cut();
    model.allow(2);
    await waitFor(client, () => log.received.filter((frame) => frame.type === 'welcome').length === 2 && seqNow() >= 5, 'the resume on B');

    const { keys } = a.stores.connection;
    const migrations = [
      await slotMigration(keys.stream(messageId), masters),
      await slotMigration(keys.conversation(conversationId), masters),
    ];
    cleanups.push(() => Promise.all(migrations.map((migration) => migration.close())));
    const storedSeq = async () => (await b.stores.streams.get(messageId))?.lastSeq ?? 0;
    const chunksLater = async (count: number, what: string) => {
      const from = await storedSeq();
      model.allow(count);
      await eventually(async () => (await storedSeq()) >= from + count, what);
    };
    expect(await storedSeq()).toBe(5); // A holds the sixth piece until the migration has begun
    for (const migration of migrations) await migration.begin();
    await chunksLater(2, 'two chunks stored while the slots are migrating');
    let moved = 0;
    for (const migration of migrations) moved += await migration.moveKeys();
    expect(moved).toBeGreaterThanOrEqual(4); // the stream's meta and chunks, the conversation's hash, list and messages
    // A writes through the old master's ASK redirections; B's reader, blocked on the old master,
    // hears nothing until the slot's owner changes (a reshard keeps this gap to milliseconds).
    await chunksLater(2, 'two chunks stored with the keys on the new master, the old one answering ASK');
    for (const migration of migrations) await migration.finish();
    expect(assistantOf(client, conversationId)?.status).toBe('streaming'); // the slots moved mid-reply
    expect(await storedSeq()).toBe(9);
    // The old master answers B's blocked read with MOVED as soon as it no longer owns the slot:
    // the follower catches up at once, well before its read would have timed out (5 s).
    const caughtUpTo = await storedSeq();
    await waitFor(client, () => seqNow() >= caughtUpTo, 'the follower on B to catch up after the move', 2000);
    model.allowAll();

    await waitFor(client, () => assistantOf(client, conversationId)?.status !== 'streaming', 'the end of the reply', 15_000);
    const end = log.received.find((frame) => frame.type === 'message_end' && frame.messageId === messageId) as
      | Extract<ServerFrame, { type: 'message_end' }>
      | undefined;
    // Nothing lost: the reply completes, the client holds every token, and Redis (now on the new
    // masters) holds the same reply, complete.
    expect(end).toMatchObject({ finishReason: 'complete' });
    const stored = (await b.stores.conversations.history(conversationId)).find((message) => message.id === messageId)!;
    expect(stored).toMatchObject({ status: 'complete', seq: end!.lastSeq });
    expect(assistantOf(client, conversationId)).toMatchObject({ status: 'complete', seq: end!.lastSeq, text: stored.text });
    expect((await b.stores.streams.read(messageId, 0))?.map((chunk) => chunk.seq)).toEqual(
      Array.from({ length: end!.lastSeq }, (_, index) => index + 1),
    );
  });
});
