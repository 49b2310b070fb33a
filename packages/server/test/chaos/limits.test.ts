import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatClient, createMemoryStorage, selectIsProcessing, type ChatClient, type ClientFrame } from '@rejoin/core';
import { createRejoinServer, type RejoinServer } from '../../src/index.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The reference server with its default limits (60 frames at once, then 20 per second), and a one-word model. */
async function startServer(): Promise<{ server: RejoinServer; url: string; port: number }> {
  const server = createRejoinServer({
    host: '127.0.0.1',
    port: 0,
    respond: async function* oneWord() {
      yield 'noted';
    },
    shutdown: { generations: 'abort', timeoutMs: 200 },
  });
  const { url, port } = await server.listen();
  cleanups.push(() => server.close());
  return { server, url, port };
}

/** A client whose every frame sent is recorded. */
function client(url: string) {
  const sent: ClientFrame[] = [];
  let connections = 0;
  class Recording extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      connections += 1;
    }
    override send(data: string): void {
      sent.push(JSON.parse(data) as ClientFrame);
      super.send(data);
    }
  }
  const chat: ChatClient = createChatClient({
    url,
    WebSocket: Recording as never,
    namespace: 'limits',
    token: 'limits-token-0123456789',
    storage: createMemoryStorage(),
    config: { backoffBaseMs: 20, backoffMaxMs: 200 },
  });
  cleanups.push(() => chat.dispose());
  return { chat, sent, connections: () => connections };
}

async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate() && Date.now() < deadline) await sleep(10);
}

describe('limits against the reference server', () => {
  it('a flood of 150 sends, far over the rate limit, is delivered exactly once and in full, on one connection', async () => {
    const { server, url } = await startServer();
    const { chat, sent, connections } = client(url);
    await until(() => chat.getSnapshot().matches({ connected: 'ready' }), 5_000);
    const conversationId = chat.newConversation();
    const typed = Array.from({ length: 150 }, (_, index) => chat.send(`flood ${index}`));
    await until(() => chat.getSnapshot().context.outbox.length === 0, 20_000);

    const stored = (await server.stores.conversations.history(conversationId)).filter((message) => message.role === 'user');
    expect(stored.map((message) => message.id).sort()).toEqual([...typed].sort()); // every one, once
    expect(connections()).toBe(1); // no reconnect was needed to get them through
    const refusedSends = sent.filter((frame) => frame.type === 'send').length - typed.length;
    expect(refusedSends).toBeGreaterThan(0); // the server did push back...
    expect(refusedSends).toBeLessThan(typed.length * 2); // ...and the resends were paced, not a storm
    await until(() => !selectIsProcessing(chat.getSnapshot(), conversationId), 20_000);
    expect(selectIsProcessing(chat.getSnapshot(), conversationId)).toBe(false);
    expect(chat.getSnapshot().context.errors.some((error) => error.message.includes('rate_limited'))).toBe(true);
  }, 40_000);

  it('oversized messages fail on the client, typed, and never reach the wire or block the queue', async () => {
    const { server, url } = await startServer();
    const { chat, sent } = client(url);
    await until(() => chat.getSnapshot().matches({ connected: 'ready' }), 5_000);
    const conversationId = chat.newConversation();
    const tooLong = chat.send('a'.repeat(32_001)); // over the server's 32,000 characters
    const huge = chat.send('b'.repeat(5 * 1024 * 1024)); // past even the WebSocket cap, which would close the socket
    const fine = chat.send('a normal message');
    await until(() => chat.getSnapshot().context.outbox.length === 0, 5_000);

    const messages = chat.getSnapshot().context.conversations[conversationId]!.messages;
    expect(messages.find((message) => message.id === tooLong)?.status).toBe('error');
    expect(messages.find((message) => message.id === huge)?.status).toBe('error');
    expect(sent.filter((frame) => frame.type === 'send').map((frame) => frame.type === 'send' && frame.messageId)).toEqual([fine]);
    const stored = (await server.stores.conversations.history(conversationId)).filter((message) => message.role === 'user');
    expect(stored.map((message) => message.id)).toEqual([fine]);
    expect(chat.getSnapshot().context.errors.filter((error) => error.code === 'usage/invalid')).toHaveLength(2);
  });
});
