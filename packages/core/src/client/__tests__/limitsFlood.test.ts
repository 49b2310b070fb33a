import { describe, expect, it } from 'vitest';
import { createChatClient } from '../createChatClient.ts';
import { selectIsProcessing } from '../../select/conversationView.ts';
import { createFakeTransport, type FakeConnection } from '../../testing/createFakeTransport.ts';
import { FakeClock } from '../../testing/FakeClock.ts';
import type { ClientFrame, ServerFrame } from '../../protocol/frames.ts';

/**
 * A server with a per-connection token bucket (`burst` frames, then one per `refillMs`), as the
 * reference server has: a frame over the rate is dropped unprocessed and answered `rate_limited`.
 */
function rateLimitedServer(clock: FakeClock, options: { burst: number; refillMs: number }) {
  const fake = createFakeTransport();
  const stored: string[] = [];
  const refusedFrames: string[] = [];
  const buckets = new Map<FakeConnection, { tokens: number; at: number }>();
  const answer = (connection: FakeConnection, frame: ServerFrame) => clock.setTimeout(() => connection.deliver(frame), 1);
  fake.onConnect = (connection) => {
    buckets.set(connection, { tokens: options.burst, at: clock.now() });
    clock.setTimeout(() => connection.accept(), 1);
  };
  fake.onFrame = (connection, frame: ClientFrame) => {
    const bucket = buckets.get(connection)!;
    bucket.tokens = Math.min(options.burst, bucket.tokens + (clock.now() - bucket.at) / options.refillMs);
    bucket.at = clock.now();
    if (bucket.tokens < 1) {
      refusedFrames.push(frame.type);
      // Like the reference server: the refused frame's ids, so the client can tell what it was.
      const ids = {
        ...('conversationId' in frame ? { conversationId: frame.conversationId } : {}),
        ...('messageId' in frame && frame.messageId !== undefined ? { messageId: frame.messageId } : {}),
      };
      const retryAfterMs = Math.ceil((1 - bucket.tokens) * options.refillMs);
      answer(connection, { type: 'error', code: 'rate_limited', message: 'Too many frames.', retryAfterMs, ...ids });
      return;
    }
    bucket.tokens -= 1;
    switch (frame.type) {
      case 'hello':
        answer(connection, {
          type: 'welcome',
          v: 1,
          sessionId: 's1',
          activeStreams: [],
          lostStreams: [],
          limits: { maxFrameBytes: 1_048_576, maxMessageChars: 32_000 },
          heartbeatMs: 60_000,
        });
        break;
      case 'load':
        answer(connection, { type: 'conversation', conversationId: frame.conversationId, status: 'idle', messages: [], activeStream: null });
        break;
      case 'list':
        answer(connection, { type: 'conversations', conversations: [] });
        break;
      case 'send': {
        const duplicate = stored.includes(frame.messageId);
        if (!duplicate) stored.push(frame.messageId);
        answer(connection, {
          type: 'ack',
          conversationId: frame.conversationId,
          messageId: frame.messageId,
          index: stored.indexOf(frame.messageId),
          createdAt: clock.now(),
          duplicate,
        });
        break;
      }
      default:
        break;
    }
  };
  return { fake, stored, refusedFrames };
}

describe('a flood of sends against a rate-limited server', () => {
  it('delivers every message exactly once, on the same connection, at the pace the server asks for', () => {
    const clock = new FakeClock();
    const server = rateLimitedServer(clock, { burst: 10, refillMs: 50 });
    let ids = 0;
    const client = createChatClient({
      transport: server.fake.transport,
      namespace: 'flood',
      storage: null,
      clock,
      generateId: () => `m${++ids}`,
      config: { heartbeatIntervalMs: 600_000 },
    });
    clock.advance(10);
    expect(client.getSnapshot().matches({ connected: 'ready' })).toBe(true);
    const conversationId = client.newConversation();
    const sent = Array.from({ length: 100 }, (_, index) => client.send(`message ${index}`));
    clock.advance(5);
    expect(server.refusedFrames.length).toBeGreaterThan(50); // the flood was mostly refused...

    clock.advance(100 * 60);
    expect(server.stored).toHaveLength(100); // ...and still every message arrived once
    expect(new Set(server.stored)).toEqual(new Set(sent));
    expect(server.fake.connections).toHaveLength(1); // without waiting for a reconnect
    expect(client.getSnapshot().context.outbox).toEqual([]);
    expect(selectIsProcessing(client.getSnapshot(), conversationId)).toBe(false);
    const statuses = client.getSnapshot().context.conversations[conversationId]!.messages.map((message) => message.status);
    expect(statuses.every((status) => status === 'complete')).toBe(true);
    // Paced: one resend per retryAfterMs, not the whole backlog on every tick.
    expect(server.refusedFrames.length).toBeLessThan(200);
    client.dispose();
  });

  it('redoes a refused load, so the conversation does not stay loading', () => {
    const clock = new FakeClock();
    const server = rateLimitedServer(clock, { burst: 3, refillMs: 200 });
    const client = createChatClient({ transport: server.fake.transport, namespace: 'flood', storage: null, clock, config: { heartbeatIntervalMs: 600_000 } });
    clock.advance(10); // hello and list took two tokens
    client.open('c1');
    client.open('c2'); // these two loads exceed the bucket: one is refused
    clock.advance(5);
    expect(server.refusedFrames).toContain('load');
    clock.advance(1_000);
    expect(client.getSnapshot().context.pendingLoad).toBeNull();
    expect(client.getSnapshot().matches({ connected: 'ready' })).toBe(true);
    expect(client.getSnapshot().context.conversations['c2']?.loaded).toBe(true);
    client.dispose();
  });
});
