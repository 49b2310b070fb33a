import { describe, expect, it } from 'vitest';
import { createChatClient } from '../createChatClient.ts';
import type { ObservedFrame } from '../devtoolsTap.ts';
import { createMemoryStorage } from '../../persistence/createMemoryStorage.ts';
import { PERSISTED_RECORD_VERSION } from '../../persistence/PersistedRecord.ts';
import { FakeClock } from '../../testing/FakeClock.ts';
import { createFakeServer } from '../../testing/createFakeServer.ts';

function setup() {
  const clock = new FakeClock();
  const server = createFakeServer({ clock, tokensPerSecond: 20 });
  let ids = 0;
  const client = createChatClient({
    transport: server.transport,
    namespace: 'user-1',
    token: 'secret-token',
    storage: createMemoryStorage(),
    clock,
    generateId: () => `id${++ids}`,
    frameBatchMs: 0,
    persistThrottleMs: 0,
  });
  return { clock, server, client };
}

const typeOf = (observed: ObservedFrame): string => String((observed.frame as { type?: unknown }).type);

describe('client.devtools', () => {
  it('reports every frame in and out with its time and UTF-8 size while someone listens', () => {
    const { clock, client } = setup();
    const seen: ObservedFrame[] = [];
    const stop = client.devtools.observeFrames((frame) => seen.push(frame));
    clock.advance(10);
    client.send('héllo');
    clock.advance(200);
    const hello = seen.find((frame) => typeOf(frame) === 'hello')!;
    expect(hello.direction).toBe('out');
    expect(seen.some((frame) => frame.direction === 'in' && typeOf(frame) === 'welcome')).toBe(true);
    const send = seen.find((frame) => typeOf(frame) === 'send')!;
    expect(send.bytes).toBe(new TextEncoder().encode(JSON.stringify(send.frame)).length);
    expect(seen.some((frame) => typeOf(frame) === 'chunk')).toBe(true);
    const count = seen.length;
    stop();
    clock.advance(2000);
    expect(seen).toHaveLength(count);
  });

  it('drops the live connection so the machine reconnects and resumes with its cursors', () => {
    const { clock, server, client } = setup();
    clock.advance(10);
    client.send('tell me more');
    clock.advance(300);
    const conversationId = client.getSnapshot().context.openConversationId!;
    const before = client.getSnapshot().context.conversations[conversationId]!.stream!;
    const sent: ObservedFrame[] = [];
    client.devtools.observeFrames((frame) => {
      if (frame.direction === 'out') sent.push(frame);
    });
    client.devtools.dropConnection();
    expect(client.getSnapshot().matches('disconnected')).toBe(true);
    client.retry();
    clock.advance(10);
    const hello = sent.find((frame) => typeOf(frame) === 'hello')!.frame as { cursors?: { messageId: string; lastSeq: number }[] };
    expect(hello.cursors?.[0]?.messageId).toBe(before.messageId);
    expect(hello.cursors?.[0]?.lastSeq).toBeGreaterThanOrEqual(before.lastSeq);
    clock.advance(60_000);
    expect(server.history(conversationId).at(-1)!.text).toBe(client.getSnapshot().context.conversations[conversationId]!.messages.at(-1)!.text);
  });

  it('goes offline until told otherwise: every attempt fails, then online reconnects', () => {
    const { clock, client } = setup();
    clock.advance(10);
    client.devtools.setOffline(true);
    expect(client.devtools.offline).toBe(true);
    expect(client.getSnapshot().matches('disconnected')).toBe(true);
    clock.advance(5_000);
    expect(client.getSnapshot().context.attempt).toBeGreaterThan(1);
    expect(client.getSnapshot().hasTag('connected')).toBe(false);
    client.devtools.setOffline(false);
    clock.advance(10);
    expect(client.getSnapshot().matches({ connected: { ready: 'idle' } })).toBe(true);
  });

  it('reports the persisted record: what storage holds, when it was written, its version', () => {
    const { clock, client } = setup();
    expect(client.persistenceStats.lastWriteAt).toBeNull();
    clock.advance(10);
    client.send('keep me');
    clock.advance(100);
    const stats = client.persistenceStats;
    expect(stats.version).toBe(PERSISTED_RECORD_VERSION);
    expect(stats.storedChars).toBeGreaterThan(0);
    expect(stats.lastWriteAt).toBeGreaterThan(0);
    client.clearPersistedData();
    expect(client.persistenceStats.storedChars).toBe(0);
  });
});
