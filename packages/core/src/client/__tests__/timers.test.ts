import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChatClient } from '../createChatClient.ts';
import type { ChatConfig } from '../../machine/chatConfig.ts';
import type { ServerFrame } from '../../protocol/frames.ts';
import { FakeClock } from '../../testing/FakeClock.ts';
import { createFakeTransport } from '../../testing/createFakeTransport.ts';

const welcome: ServerFrame = {
  type: 'welcome',
  v: 1,
  sessionId: 's1',
  activeStreams: [],
  lostStreams: [],
  limits: { maxFrameBytes: 1_048_576, maxMessageChars: 8_000 },
  heartbeatMs: 30_000,
};

const config: Partial<ChatConfig> = {
  connectTimeoutMs: 1_000,
  handshakeTimeoutMs: 2_000,
  loadTimeoutMs: 3_000,
  heartbeatIntervalMs: 5_000,
  heartbeatTimeoutMs: 500,
  backoffBaseMs: 1_000,
  maxAttempts: 3,
};

/** A client on a scripted transport and a FakeClock: the clock given to createActor runs every `after`. */
function setup() {
  const clock = new FakeClock();
  const fake = createFakeTransport();
  const client = createChatClient({ transport: fake.transport, namespace: 'user-1', storage: null, clock, frameBatchMs: 0, config });
  const sentTypes = () => fake.current!.sent.map((frame) => frame.type);
  return { clock, fake, client, sentTypes };
}

describe('the machine timers, on the injected clock', () => {
  // createChatClient seeds each client's jitter at random; one fixed seed makes every drawn backoff
  // the same on each run, so a test never meets a zero wait that fires within the step before it.
  beforeEach(() => void vi.spyOn(Math, 'random').mockReturnValue(0.5));
  afterEach(() => vi.restoreAllMocks());

  it('gives up on a socket that has not opened at connectTimeoutMs, not a millisecond before', () => {
    const { clock, client } = setup();
    clock.advance(999);
    expect(client.getSnapshot().matches('connecting')).toBe(true);
    clock.advance(1);
    expect(client.getSnapshot().matches('disconnected')).toBe(true);
    expect(client.getSnapshot().context.lastError?.message).toContain('did not open in time');
  });

  it('gives up on a handshake at handshakeTimeoutMs, and on a history load at loadTimeoutMs', () => {
    const { clock, fake, client } = setup();
    fake.current!.accept();
    clock.advance(1_999);
    expect(client.getSnapshot().matches({ connected: 'restoring' })).toBe(true);
    clock.advance(1);
    expect(client.getSnapshot().context.lastError?.message).toContain('did not answer hello');

    client.retry();
    client.open('c1');
    fake.current!.accept();
    fake.current!.deliver(welcome);
    expect(client.getSnapshot().matches({ connected: 'merging' })).toBe(true);
    clock.advance(2_999);
    expect(client.getSnapshot().matches({ connected: 'merging' })).toBe(true);
    clock.advance(1);
    expect(client.getSnapshot().matches('disconnected')).toBe(true);
    expect(client.getSnapshot().context.lastError?.message).toContain('did not answer load');
  });

  it('probes heartbeatIntervalMs after connecting and after each answered probe, and drops a connection silent for heartbeatTimeoutMs after one', () => {
    const { clock, fake, client, sentTypes } = setup();
    fake.current!.accept();
    fake.current!.deliver(welcome);
    clock.advance(4_999);
    expect(sentTypes()).not.toContain('ping');
    clock.advance(1);
    expect(sentTypes().filter((type) => type === 'ping')).toHaveLength(1);
    fake.current!.deliver({ type: 'pong', t: 0 });
    // Judged at heartbeatTimeoutMs: something arrived, so the next probe is an interval later.
    clock.advance(500);
    expect(client.getSnapshot().matches({ connected: 'ready' })).toBe(true);
    clock.advance(4_999);
    expect(sentTypes().filter((type) => type === 'ping')).toHaveLength(1);
    clock.advance(1);
    expect(sentTypes().filter((type) => type === 'ping')).toHaveLength(2);
    clock.advance(499);
    expect(client.getSnapshot().matches({ connected: 'ready' })).toBe(true);
    clock.advance(1);
    expect(client.getSnapshot().matches('disconnected')).toBe(true);
    expect(client.getSnapshot().context.lastError?.code).toBe('connection/heartbeat');
  });

  it('waits out the jittered backoff it drew, counts down to it, and fails after maxAttempts', () => {
    const { clock, fake, client } = setup();
    fake.current!.drop();
    const { retryDelayMs, nextRetryAt, attempt } = client.getSnapshot().context;
    expect(attempt).toBe(1);
    expect(retryDelayMs).toBeGreaterThan(0);
    expect(retryDelayMs).toBeLessThanOrEqual(1_000);
    expect(nextRetryAt).toBe(clock.now() + retryDelayMs);
    clock.advance(retryDelayMs - 1);
    expect(client.getSnapshot().matches('disconnected')).toBe(true);
    clock.advance(1);
    expect(client.getSnapshot().matches('connecting')).toBe(true);
    expect(fake.connections).toHaveLength(2);
    fake.current!.drop();
    clock.advance(client.getSnapshot().context.retryDelayMs);
    fake.current!.drop();
    expect(client.getSnapshot().matches('failed')).toBe(true);
    expect(fake.connections).toHaveLength(3);
  });

  it('resends what the server refused with rate_limited once its retryAfterMs has passed, on the same connection', () => {
    const { clock, fake, client, sentTypes } = setup();
    fake.current!.accept();
    fake.current!.deliver(welcome);
    const messageId = client.send('hello');
    fake.current!.deliver({ type: 'error', code: 'rate_limited', message: 'slow down', conversationId: client.getSnapshot().context.openConversationId!, messageId, retryAfterMs: 300 });
    clock.advance(299);
    expect(sentTypes().filter((type) => type === 'send')).toHaveLength(1);
    clock.advance(1);
    expect(sentTypes().filter((type) => type === 'send')).toHaveLength(2);
    expect(fake.connections).toHaveLength(1);
  });

  it('leaves no timer behind on the clock once disposed', () => {
    const { clock, fake, client } = setup();
    fake.current!.accept();
    fake.current!.deliver(welcome);
    expect(clock.pending).toBeGreaterThan(0);
    client.dispose();
    expect(clock.pending).toBe(0);
    expect(fake.current!.state).toBe('closed');
  });
});
