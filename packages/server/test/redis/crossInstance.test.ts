import type { ChatClient, ServerFrame } from '@rejoin/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestToken, TestClient } from '../../src/testing/TestClient.ts';
import { ORPHANED } from '../../src/streams/settleOrphans.ts';
import { assistantOf, createNodeClient, expectUniqueIds, messagesOf, waitFor, type WireLog } from '../integration/support/nodeClient.ts';
import { deleteKeysOn, eventually, REDIS_TARGETS, type RedisTarget, SINGLE_REDIS, uniquePrefix } from './support/redisForTests.ts';
import { type RedisInstance, startRedisInstance } from './support/redisInstance.ts';
import { startSwitchableProxy } from './support/switchableProxy.ts';

let prefix: string;
/** Where the current test's deployment keeps its data: each suite below runs on both. */
let target: RedisTarget = SINGLE_REDIS;
const cleanups: (() => unknown)[] = [];

beforeEach(() => {
  prefix = uniquePrefix();
});

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
  await deleteKeysOn(target, prefix);
});

/** Two instances of one deployment (same Redis, same key prefix) behind a switchable proxy. */
async function deployment(options: { tokensPerSecond?: number; leaseMs?: number } = {}) {
  const a = await startRedisInstance({ keyPrefix: prefix, target, ...options });
  cleanups.push(() => a.close());
  const b = await startRedisInstance({ keyPrefix: prefix, target, ...options });
  cleanups.push(() => b.close());
  const proxy = await startSwitchableProxy(a.port);
  cleanups.push(() => proxy.close());
  return { a, b, proxy };
}

function track<T extends { client: ChatClient }>(created: T): T {
  cleanups.push(() => created.client.dispose());
  return created;
}

function chunkSeqs(frames: readonly ServerFrame[], messageId: string): number[] {
  return frames.flatMap((frame) => (frame.type === 'chunk' && frame.messageId === messageId ? [frame.seq] : []));
}

/** The frames received after the last `welcome`, i.e. on the current connection. */
function sinceLastWelcome(log: WireLog): ServerFrame[] {
  const welcomes = log.received.flatMap((frame, index) => (frame.type === 'welcome' ? [index] : []));
  return log.received.slice(welcomes.at(-1) ?? 0);
}

async function historyOf(instance: RedisInstance, conversationId: string) {
  return instance.stores.conversations.history(conversationId);
}

describe.each(REDIS_TARGETS)('several server instances on $name', (redis) => {
  beforeEach(() => {
    target = redis;
  });

  it('resumes on instance B a stream generated on A from the next seq, then ends it with an error when A dies', async () => {
    const { a, b, proxy } = await deployment({ tokensPerSecond: 40 });
    const { client, log } = track(createNodeClient({ url: proxy.url }));
    client.send('Tell me about resumable streams across instances');
    const conversationId = client.getSnapshot().context.openConversationId!;
    await waitFor(client, () => (assistantOf(client, conversationId)?.seq ?? 0) >= 5, 'five tokens from A');
    const messageId = assistantOf(client, conversationId)!.id;

    // The load balancer sends the reconnect to B; the generation stays on A.
    proxy.switchTo(b.port);
    proxy.cut();
    await waitFor(client, () => !client.getSnapshot().matches('connected'), 'the cut to be noticed');
    await waitFor(client, () => client.getSnapshot().matches('connected') && log.received.filter((f) => f.type === 'welcome').length === 2, 'the reconnect to B');
    const welcome = sinceLastWelcome(log)[0] as Extract<ServerFrame, { type: 'welcome' }>;
    expect(welcome.activeStreams.map((stream) => stream.messageId)).toEqual([messageId]); // B sees A's stream
    const hello = log.sent.filter((frame) => frame.type === 'hello').at(-1) as { cursors: readonly { messageId: string; lastSeq: number }[] };
    const cursor = hello.cursors.find((c) => c.messageId === messageId)!;
    await waitFor(client, () => (assistantOf(client, conversationId)?.seq ?? 0) >= cursor.lastSeq + 5, 'five more tokens through B');
    expect(chunkSeqs(sinceLastWelcome(log), messageId)[0]).toBe(cursor.lastSeq + 1);
    expect(a.server.activeGenerations().map((generation) => generation.messageId)).toEqual([messageId]);
    expect(b.server.activeGenerations()).toEqual([]);

    // A dies mid-reply: B adopts the conversation and ends the reply with an explicit error.
    a.crash();
    await waitFor(client, () => assistantOf(client, conversationId)?.status === 'error', 'the orphaned reply to end with an error', 8000);
    const end = log.received.find((frame) => frame.type === 'message_end' && frame.messageId === messageId);
    expect(end).toMatchObject({ finishReason: 'error', error: ORPHANED });
    const lastSeq = (end as { lastSeq: number }).lastSeq;
    // Over both connections, no chunk twice and the seqs only go up; the text is the server's, so
    // none is lost. Which frame carried the last chunks depends on timing: the client's `load` after
    // the reconnect folds the chunks B held while reading history into its `conversation` answer
    // (seen under load: chunk 10 of 10 folded, so the last chunk frame was 9).
    const seqs = chunkSeqs(log.received, messageId);
    expect(seqs.every((seq, index) => index === 0 || seq > seqs[index - 1]!)).toBe(true);
    expect(seqs.at(-1)).toBeLessThanOrEqual(lastSeq);
    expect(assistantOf(client, conversationId)!.seq).toBe(lastSeq);
    const stored = (await historyOf(b, conversationId)).find((message) => message.id === messageId)!;
    expect(stored).toMatchObject({ status: 'error', seq: lastSeq });
    expect(assistantOf(client, conversationId)!.text).toBe(stored.text);
    expect(await b.stores.streams.activeForOwner((await b.stores.conversations.get(conversationId))!.ownerId)).toEqual([]);

    // The conversation goes on, answered by B.
    client.send('and now?');
    await waitFor(
      client,
      () => messagesOf(client, conversationId).filter((m) => m.role === 'assistant' && m.status === 'complete').length === 1,
      'a reply from B',
      10_000,
    );
    expectUniqueIds(client);
  });

  it('stores a send resent to the other instance once, and answers it once', async () => {
    const { a, b, proxy } = await deployment({ tokensPerSecond: 400 });
    const { client, log } = track(createNodeClient({ url: proxy.url }));
    await waitFor(client, () => client.getSnapshot().matches({ connected: 'ready' }), 'connected to A');
    // A stores the message but its ack is lost; the resend after the reconnect lands on B.
    proxy.mute();
    client.send('only once, please');
    const conversationId = client.getSnapshot().context.openConversationId!;
    await eventually(async () => (await historyOf(a, conversationId)).length >= 1, 'A to store the message');
    proxy.switchTo(b.port);
    proxy.cut();
    await waitFor(client, () => client.getSnapshot().context.outbox.length === 0, 'the resend to be acknowledged by B');
    const acks = log.received.filter((frame) => frame.type === 'ack');
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ duplicate: true, index: 0 });
    await waitFor(client, () => assistantOf(client, conversationId)?.status === 'complete', 'the reply');
    const history = await historyOf(b, conversationId);
    expect(history.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(history[0]!.replyTo).toBe(history[1]!.id);
    expect(messagesOf(client, conversationId).map((m) => m.id)).toEqual(history.map((m) => m.id));
  });

  it('carries a stop sent to B to the generation running on A', async () => {
    const { a, b, proxy } = await deployment({ tokensPerSecond: 40 });
    const { client } = track(createNodeClient({ url: proxy.url }));
    client.send('a long reply, to be stopped from elsewhere');
    const conversationId = client.getSnapshot().context.openConversationId!;
    await waitFor(client, () => (assistantOf(client, conversationId)?.seq ?? 0) >= 3, 'the reply to start on A');
    proxy.switchTo(b.port);
    proxy.cut();
    await waitFor(client, () => !client.getSnapshot().matches('connected'), 'the cut to be noticed');
    await waitFor(client, () => client.getSnapshot().matches({ connected: 'ready' }), 'the reconnect to B');
    client.stop();
    await waitFor(client, () => assistantOf(client, conversationId)?.status === 'stopped', 'the reply to stop');
    await eventually(() => a.server.activeGenerations().length === 0, 'A to stop generating');
    const stored = (await historyOf(b, conversationId)).find((message) => message.role === 'assistant')!;
    expect(stored.status).toBe('stopped');
    expect(assistantOf(client, conversationId)!.text).toBe(stored.text);
  });

  it('ends as stopped a reply whose stop reached Redis after its instance died, once another instance adopts it', async () => {
    // A lease long enough that the stop is recorded before B adopts the conversation.
    const { a, b } = await deployment({ tokensPerSecond: 20, leaseMs: 3000 });
    const token = createTestToken();
    const { client: onA } = await TestClient.join(a.url, { token });
    cleanups.push(() => onA.close());
    onA.send({ type: 'send', conversationId: 'dying', messageId: 'q1', text: 'a reply its instance will not finish' });
    const start = await onA.next((frame): frame is Extract<ServerFrame, { type: 'message_start' }> => frame.type === 'message_start', 10_000);
    await onA.next((frame) => frame.type === 'chunk' && frame.seq === 3, 10_000);
    a.crash();

    const cursor = { conversationId: 'dying', messageId: start.messageId, lastSeq: 0 };
    const { client: onB } = await TestClient.join(b.url, { token, cursors: [cursor] });
    cleanups.push(() => onB.close());
    onB.send({ type: 'stop', conversationId: 'dying', messageId: start.messageId });
    const end = await onB.next((frame) => frame.type === 'message_end' && frame.messageId === start.messageId, 15_000);
    expect(end).toMatchObject({ finishReason: 'stopped' });
    expect(end).not.toHaveProperty('error');
    const stored = (await historyOf(b, 'dying')).find((message) => message.id === start.messageId)!;
    expect(stored).toMatchObject({ status: 'stopped', seq: (end as { lastSeq: number }).lastSeq });
  });

  it('answers messages sent to the same conversation through two instances one at a time, once each', async () => {
    const { a, b } = await deployment({ tokensPerSecond: 400 });
    const token = createTestToken();
    const [onA, onB] = await Promise.all([TestClient.join(a.url, { token }), TestClient.join(b.url, { token })]);
    cleanups.push(() => onA.client.close(), () => onB.client.close());
    onA.client.send({ type: 'send', conversationId: 'shared', messageId: 'first', text: 'one' });
    await onA.client.next((frame) => frame.type === 'ack');
    onB.client.send({ type: 'send', conversationId: 'shared', messageId: 'second', text: 'two' });
    onA.client.send({ type: 'send', conversationId: 'shared', messageId: 'third', text: 'three' });
    await Promise.all([onB.client.next((frame) => frame.type === 'ack'), onA.client.next((frame) => frame.type === 'ack')]);

    // Both connections follow the conversation and see all three replies end, whichever instance wrote them.
    for (const { client } of [onA, onB]) {
      await client.until((frames) => frames.filter((frame) => frame.type === 'message_end').length === 3, 8000);
    }
    const history = await historyOf(a, 'shared');
    const users = history.filter((message) => message.role === 'user');
    const replies = history.filter((message) => message.role === 'assistant');
    expect(users.map((message) => message.id).sort()).toEqual(['first', 'second', 'third']);
    expect(replies.map((message) => message.status)).toEqual(['complete', 'complete', 'complete']);
    expect(new Set(users.map((message) => message.replyTo)).size).toBe(3);
    // One at a time: each reply starts after the previous one ended.
    const events = onA.client.frames.filter((frame) => frame.type === 'message_start' || frame.type === 'message_end');
    expect(events.map((frame) => frame.type)).toEqual(['message_start', 'message_end', 'message_start', 'message_end', 'message_start', 'message_end']);
  });
});
