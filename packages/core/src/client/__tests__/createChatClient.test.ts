import { describe, expect, it, vi } from 'vitest';
import { createChatClient, type ChatClient } from '../createChatClient.ts';
import { createMemoryStorage } from '../../persistence/createMemoryStorage.ts';
import type { KeyValueStorage } from '../../persistence/KeyValueStorage.ts';
import { FakeClock } from '../../testing/FakeClock.ts';
import { createFakeServer, type FakeServer } from '../../testing/createFakeServer.ts';

function setup(options: { storage?: KeyValueStorage; clock?: FakeClock; server?: FakeServer; frameBatchMs?: number } = {}) {
  const clock = options.clock ?? new FakeClock();
  const server = options.server ?? createFakeServer({ clock, tokensPerSecond: 20 });
  const storage = options.storage ?? createMemoryStorage();
  let ids = 0;
  const client = createChatClient({
    transport: server.transport,
    namespace: 'user-1',
    storage,
    clock,
    generateId: () => `id${++ids}x${Math.floor(clock.now() % 100000)}`,
    config: { maxAttempts: 5 },
    // Flush each task's frames at once, so a test can compare with the server at any instant.
    frameBatchMs: options.frameBatchMs ?? 0,
  });
  return { clock, server, storage, client };
}

function openMessages(client: ChatClient) {
  const { context } = client.getSnapshot();
  return context.openConversationId === null ? [] : (context.conversations[context.openConversationId]?.messages ?? []);
}

function expectNoDuplicates(client: ChatClient) {
  for (const conversation of Object.values(client.getSnapshot().context.conversations)) {
    const ids = conversation.messages.map((message) => message.id);
    expect(new Set(ids).size).toBe(ids.length);
  }
}

describe('createChatClient on the fake server', () => {
  it('connects, sends, and streams the whole reply', () => {
    const { clock, server, client } = setup();
    clock.advance(10);
    expect(client.getSnapshot().matches({ connected: { ready: 'idle' } })).toBe(true);
    client.send('hello there');
    clock.advance(100);
    expect(client.getSnapshot().matches({ connected: { ready: 'streaming' } })).toBe(true);
    clock.advance(60_000);
    const conversationId = client.getSnapshot().context.openConversationId!;
    const canonical = server.history(conversationId);
    expect(openMessages(client).map((m) => [m.id, m.text, m.status])).toEqual(
      canonical.map((m) => [m.id, m.text, m.status]),
    );
    expect(canonical).toHaveLength(2);
    expect(client.getSnapshot().matches({ connected: { ready: 'idle' } })).toBe(true);
  });

  it('continues a stream after a refresh from the next seq, under its question, with no duplicate and no lost token', () => {
    const storage = createMemoryStorage();
    const first = setup({ storage });
    first.clock.advance(10);
    first.client.send('tell me a story');
    first.clock.advance(1_000); // ~20 tokens in
    const conversationId = first.client.getSnapshot().context.openConversationId!;
    const partial = openMessages(first.client).find((m) => m.role === 'assistant')!;
    expect(partial.status).toBe('streaming');
    expect(partial.seq).toBeGreaterThan(5);
    first.client.dispose(); // the page goes away (pagehide flush happens in dispose)

    const second = setup({ storage, clock: first.clock, server: first.server });
    // Before any network traffic the restored partial text is already on screen, under its question.
    expect(openMessages(second.client).map((m) => [m.role, m.text, m.status])).toEqual([
      ['user', 'tell me a story', 'complete'],
      ['assistant', partial.text, 'streaming'],
    ]);
    const helloFrames = () => second.server.fake.current!.sent.filter((f) => f.type === 'hello');
    second.clock.advance(10);
    expect(helloFrames()[0]).toMatchObject({ cursors: [{ conversationId, messageId: partial.id, lastSeq: partial.seq }] });
    // Replay starts right after the cursor: no chunk at or below it is sent again.
    second.clock.advance(60_000);
    const final = openMessages(second.client);
    expect(final.map((m) => m.text)).toEqual(second.server.history(conversationId).map((m) => m.text));
    expectNoDuplicates(second.client);
  });

  it('keeps a background stream going and shows its current text on switching back', () => {
    const { clock, server, client } = setup();
    clock.advance(10);
    client.send('first conversation');
    const first = client.getSnapshot().context.openConversationId!;
    clock.advance(500);
    client.newConversation();
    expect(client.getSnapshot().context.openConversationId).not.toBe(first);
    clock.advance(1_000);
    const background = client.getSnapshot().context.conversations[first]!;
    const serverText = server.history(first).find((m) => m.role === 'assistant')!.text;
    expect(background.messages.find((m) => m.role === 'assistant')!.text).toBe(serverText);
    client.open(first);
    clock.advance(10);
    expect(client.getSnapshot().matches({ connected: { ready: 'streaming' } })).toBe(true);
    expect(openMessages(client).find((m) => m.role === 'assistant')!.text.startsWith(serverText)).toBe(true);
    expectNoDuplicates(client);
  });

  it('queues messages while the server is down and delivers them once, in order, after it returns', () => {
    const { clock, server, client } = setup();
    clock.advance(10);
    const conversationId = client.newConversation();
    server.setDown(true);
    clock.advance(10);
    expect(client.getSnapshot().matches('disconnected')).toBe(true);
    client.send('one');
    client.send('two');
    client.send('three');
    expect(client.getSnapshot().matches({ disconnected: 'queueing' })).toBe(true);
    expect(openMessages(client).map((m) => m.status)).toEqual(['pending', 'pending', 'pending']);
    server.setDown(false);
    clock.advance(120_000);
    const users = server.history(conversationId).filter((m) => m.role === 'user');
    expect(users.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    expect(client.getSnapshot().context.outbox).toEqual([]);
    expectNoDuplicates(client);
  });

  it('keeps the outbox through a refresh while offline and delivers it exactly once', () => {
    const storage = createMemoryStorage();
    const first = setup({ storage });
    first.clock.advance(10);
    const conversationId = first.client.newConversation();
    first.server.setDown(true);
    first.clock.advance(10);
    first.client.send('offline one');
    first.client.send('offline two');
    first.client.dispose();
    const second = setup({ storage, clock: first.clock, server: first.server });
    expect(second.client.getSnapshot().context.outbox.map((e) => e.text)).toEqual(['offline one', 'offline two']);
    first.server.setDown(false);
    second.clock.advance(120_000);
    expect(first.server.history(conversationId).filter((m) => m.role === 'user').map((m) => m.text)).toEqual([
      'offline one',
      'offline two',
    ]);
    expectNoDuplicates(second.client);
  });

  it('detects a half-open socket within the heartbeat budget and reconnects', () => {
    const { clock, server, client } = setup();
    clock.advance(10);
    server.pause(true);
    clock.advance(15_000 + 10_000);
    // Left within the budget. Not necessarily still `disconnected`: the jitter is seeded at random
    // per client, and a backoff drawn under the 10 ms of slack has already started the next attempt.
    expect(client.getSnapshot().matches('connected')).toBe(false);
    expect(client.getSnapshot().context.lastError?.code).toBe('connection/heartbeat');
    server.pause(false);
    clock.advance(60_000);
    expect(client.getSnapshot().matches('connected')).toBe(true);
  });

  it('marks the stream interrupted after a server restart instead of spinning forever', () => {
    const { clock, server, client } = setup();
    clock.advance(10);
    client.send('will be lost');
    clock.advance(500);
    server.restart();
    clock.advance(60_000);
    const assistant = openMessages(client).find((m) => m.role === 'assistant')!;
    expect(assistant.status).toBe('interrupted');
    expect(client.getSnapshot().matches({ connected: { ready: 'idle' } })).toBe(true);
    expect(client.getSnapshot().context.errors.some((e) => e.code === 'stream/lost')).toBe(true);
  });

  it('stop ends the reply as stopped, and a disconnect does not', () => {
    const { clock, server, client } = setup();
    server.setTokensPerSecond(5);
    clock.advance(10);
    client.send('long answer please');
    const conversationId = client.getSnapshot().context.openConversationId!;
    clock.advance(300);
    server.dropAll();
    clock.advance(5_000);
    expect(server.isGenerating(conversationId)).toBe(true);
    client.stop();
    clock.advance(50);
    expect(server.isGenerating(conversationId)).toBe(false);
    const assistant = openMessages(client).find((m) => m.role === 'assistant')!;
    expect(assistant.status).toBe('stopped');
    expect(assistant.text).toBe(server.history(conversationId).find((m) => m.role === 'assistant')!.text);
  });

  it('gives up after maxAttempts and reconnects on retry()', () => {
    const { clock, server, client } = setup();
    server.setDown(true);
    clock.advance(10 * 60_000);
    expect(client.getSnapshot().matches('failed')).toBe(true);
    server.setDown(false);
    client.retry();
    clock.advance(100);
    expect(client.getSnapshot().matches('connected')).toBe(true);
  });

  it('reports a malformed frame as a typed protocol error and keeps running', () => {
    const { clock, server, client } = setup();
    clock.advance(10);
    server.fake.current!.deliver('{not json');
    server.fake.current!.deliver(JSON.stringify({ type: 'welcome', v: 99 }));
    clock.advance(10);
    const codes = client.getSnapshot().context.errors.map((e) => e.code);
    expect(codes).toContain('protocol/malformed');
    expect(codes).toContain('protocol/unsupported_version');
    expect(client.getSnapshot().matches('connected')).toBe(true);
  });
});

describe('createChatClient frame batching', () => {
  it('coalesces the chunks of one 16 ms window into one machine event, and never delays other frames', () => {
    const clock = new FakeClock();
    const server = createFakeServer({ clock, tokensPerSecond: 1_000, reply: () => 'word '.repeat(500) });
    const { client } = setup({ clock, server, frameBatchMs: 16 });
    clock.advance(10);
    let events = 0;
    const subscription = client.actor.subscribe(() => (events += 1));
    client.send('fast please');
    clock.advance(2); // the ack is not a chunk: applied at once
    expect(openMessages(client)[0]!.status).toBe('complete');
    events = 0;
    clock.advance(160); // about 160 chunks at 1,000 tokens/s
    const assistant = openMessages(client).find((m) => m.role === 'assistant')!;
    expect(assistant.seq).toBeGreaterThan(100);
    expect(events).toBeLessThanOrEqual(160 / 16 + 1);
    subscription.unsubscribe();
  });
});

describe('createChatClient persistence rate', () => {
  it('writes storage a few times per second while a 50-token/s reply streams, not per token', () => {
    const clock = new FakeClock();
    const tokens = 2_000;
    const server = createFakeServer({ clock, tokensPerSecond: 50, reply: () => 'word '.repeat(tokens) });
    const memory = createMemoryStorage();
    let writes = 0;
    let bytes = 0;
    const storage: KeyValueStorage = {
      getItem: (key) => memory.getItem(key),
      removeItem: (key) => memory.removeItem(key),
      setItem: (key, value) => {
        writes += 1;
        bytes += value.length;
        memory.setItem(key, value);
      },
    };
    const { client } = setup({ clock, server, storage });
    clock.advance(10);
    client.send('a long one please');
    const seconds = tokens / 50;
    clock.advance(seconds * 1000 + 1_000);
    const assistant = openMessages(client).find((m) => m.role === 'assistant')!;
    expect(assistant.status).toBe('complete');
    expect(assistant.seq).toBe(tokens);
    const perSecond = writes / seconds;
    console.log(
      `[persistence] ${tokens} tokens at 50/s over ${seconds} s: ${writes} localStorage writes (${perSecond.toFixed(2)}/s), ${bytes} chars written`,
    );
    // Throttled to one write per 500 ms (+ the leading write and the final settle).
    expect(writes).toBeLessThanOrEqual(seconds * 2 + 4);
    expect(writes).toBeGreaterThan(seconds); // it does keep the cursor fresh while streaming
  });
});

describe('createChatClient ids from the app', () => {
  it('refuses a conversation id the protocol would refuse, with a usage error', () => {
    const { client } = setup();
    expect(() => client.open('toString')).toThrow(/not a valid conversation id/);
    expect(() => client.send('hi', { conversationId: 'has space' })).toThrow(/not a valid conversation id/);
    expect(client.getSnapshot().context.outbox).toEqual([]);
  });
});

describe('createChatClient subscribe', () => {
  it('notifies its listeners when the actor fails, so adapters render the error instead of going stale', () => {
    const { clock, client } = setup();
    clock.advance(10);
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    let notified = 0;
    const unsubscribe = client.subscribe(() => (notified += 1));
    // A malformed event through the public `actor` makes an action throw: the actor fails.
    client.actor.send({ type: 'SEND', conversationId: 'c1', messageId: 'm1', text: undefined as unknown as string, at: 0 });

    expect(client.getSnapshot().status).toBe('error');
    expect(notified).toBe(1);
    // Told once in development, where a developer looks; not thrown again as an unhandled error.
    expect(consoleError).toHaveBeenCalledTimes(1);
    consoleError.mockRestore();
    unsubscribe();
  });
});
