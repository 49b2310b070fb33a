import type { ChatClient } from '@rejoin/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ORPHANED } from '../../src/streams/settleOrphans.ts';
import { assistantOf, createNodeClient, messagesOf, waitFor } from '../integration/support/nodeClient.ts';
import { startPrivateRedis } from './support/privateRedis.ts';
import { startRedisInstance } from './support/redisInstance.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function serverErrors(client: ChatClient): string[] {
  return client.getSnapshot().context.errors.filter((error) => error.code === 'server/error').map((error) => error.message);
}

describe('a Redis restart', () => {
  it('gives clients a clear error while Redis is down, and lets them resume and chat once it is back', async () => {
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    const instance = await startRedisInstance({ keyPrefix: 'rejoin:', url: redis.url, tokensPerSecond: 40 });
    cleanups.push(() => instance.close());
    const { client, log } = createNodeClient({ url: instance.url });
    cleanups.push(() => client.dispose());
    client.send('a reply that Redis will interrupt');
    const conversationId = client.getSnapshot().context.openConversationId!;
    await waitFor(client, () => (assistantOf(client, conversationId)?.seq ?? 0) >= 3, 'the reply to start');
    const messageId = assistantOf(client, conversationId)!.id;

    await redis.kill();
    // Not a silent stall: the server says what happened and closes, and the client shows it.
    await waitFor(client, () => !client.getSnapshot().matches('connected'), 'the client to be told', 3000);
    expect(serverErrors(client).some((message) => /internal/.test(message) && /store/.test(message))).toBe(true);
    expect(log.received.some((frame) => frame.type === 'error' && frame.code === 'internal' && frame.fatal === true)).toBe(true);
    // While Redis is away, every reconnect is refused the same clear way; the server keeps running.
    const refusalsBefore = log.received.filter((frame) => frame.type === 'error').length;
    await waitFor(
      client,
      () => log.received.filter((frame) => frame.type === 'error').length > refusalsBefore,
      'a reconnect attempt to be refused while Redis is down',
      3000,
    );
    expect(client.getSnapshot().matches({ connected: 'ready' })).toBe(false);

    await redis.restart();
    await waitFor(client, () => client.getSnapshot().matches({ connected: 'ready' }), 'the client to get back in', 10_000);
    // The reply Redis interrupted ends explicitly, with what was stored of it.
    await waitFor(client, () => assistantOf(client, conversationId)?.status === 'error', 'the interrupted reply to end', 10_000);
    expect(log.received.find((frame) => frame.type === 'message_end' && frame.messageId === messageId)).toMatchObject({
      finishReason: 'error',
      error: ORPHANED,
    });
    const stored = (await instance.stores.conversations.history(conversationId)).find((message) => message.id === messageId)!;
    expect(stored.status).toBe('error');
    expect(assistantOf(client, conversationId)!.text).toBe(stored.text);

    client.send('are we back?');
    await waitFor(
      client,
      () => messagesOf(client, conversationId).some((m) => m.role === 'assistant' && m.status === 'complete'),
      'a complete reply after the restart',
      10_000,
    );
    expect(instance.server.connectionCount).toBe(1);
  });
});
