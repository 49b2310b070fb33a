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
    harness = await startTestServer({ heartbeat: { intervalMs: 40, idleTimeoutMs: 120 } });
    const { client: silent } = await TestClient.join(harness.url);
    const { client: chatty } = await TestClient.join(harness.url);
    const pinger = setInterval(() => chatty.send({ type: 'ping', t: Date.now() }), 30);
    try {
      const { code } = await silent.closed;
      expect(code).toBe(4408);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(chatty.socket.readyState).toBe(chatty.socket.OPEN);
    } finally {
      clearInterval(pinger);
      await chatty.close();
    }
  });
});
