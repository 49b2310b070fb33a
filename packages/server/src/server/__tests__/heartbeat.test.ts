import { afterEach, describe, expect, it } from 'vitest';
import { frameOf } from '../../testing/frameMatchers.ts';
import { startTestServer, type TestServer } from '../../testing/startTestServer.ts';
import { TestClient } from '../../testing/TestClient.ts';

let harness: TestServer | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('heartbeat', () => {
  it('answers a ping with a pong carrying the same t, and announces heartbeatMs in welcome', async () => {
    harness = await startTestServer({ heartbeat: { intervalMs: 1234, idleTimeoutMs: 5000 } });
    const { client, welcome } = await TestClient.join(harness.url);
    expect(welcome.heartbeatMs).toBe(1234);
    client.send({ type: 'ping', t: 1767225615000 });
    expect(await client.next(frameOf('pong'))).toEqual({ type: 'pong', t: 1767225615000 });
    await client.close();
  });

  it('closes a connection that stays silent past the idle timeout, and keeps one that pings', async () => {
    // The server's clock is ours: idleness is decided by it, not by how fast a busy machine runs
    // the pinger. The sweeper still ticks in real time (every idleTimeoutMs / 4), so each step
    // waits for an answer, never for time to pass.
    let clock = 0;
    harness = await startTestServer({ heartbeat: { intervalMs: 40, idleTimeoutMs: 120 }, now: () => clock });
    const { client: silent } = await TestClient.join(harness.url);
    const { client: chatty } = await TestClient.join(harness.url);
    const ping = async (t: number): Promise<void> => {
      chatty.send({ type: 'ping', t });
      expect(await chatty.next(frameOf('pong'))).toEqual({ type: 'pong', t });
    };
    try {
      clock = 100; // both within the timeout; chatty is seen at 100
      await ping(clock);
      clock = 200; // silent since 0 is past it, chatty seen at 100 is not
      const { code } = await silent.closed;
      expect(code).toBe(4408);
      await ping(clock); // the sweep that closed silent kept chatty: it still answers
      clock = 300; // chatty, seen at 200, survives a second timeout's worth of time by pinging
      await ping(clock);
      expect(chatty.socket.readyState).toBe(chatty.socket.OPEN);
    } finally {
      await chatty.close();
    }
  });
});
