import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameOf } from '../../testing/frameMatchers.ts';
import { startTestServer, type TestServer } from '../../testing/startTestServer.ts';
import { createTestToken, TestClient } from '../../testing/TestClient.ts';

// The server's clock stands still, so no bucket refills during a test: what passes is exactly
// the burst, whatever the machine's speed.
let harness: TestServer;

beforeAll(async () => {
  harness = await startTestServer({ now: () => 1_767_225_600_000, limits: { burstFrames: 30, framesPerSecond: 10 } });
});

afterAll(async () => {
  await harness.close();
});

/** Sends `count` pings and waits until each has its answer; returns how many were refused. */
async function pingBurst(client: TestClient, count: number): Promise<number> {
  const mark = client.mark();
  for (let index = 0; index < count; index++) client.send({ type: 'ping', t: index });
  await client.until((frames) => frames.slice(mark).filter((frame) => frame.type === 'pong' || frame.type === 'error').length === count);
  return client.since(mark).filter((frame) => frame.type === 'error').length;
}

describe('rate limit', () => {
  it('lets a connection send its burst, hello included, and refuses the rest with the ms until a token returns', async () => {
    const { client } = await TestClient.join(harness.url);
    // hello took one token of 30.
    expect(await pingBurst(client, 35)).toBe(6);
    expect(client.frames.filter((frame) => frame.type === 'error')).toEqual(
      Array.from({ length: 6 }, () => expect.objectContaining({ code: 'rate_limited', retryAfterMs: 100 })),
    );
    await client.close();
  });

  it('gives each connection its own bucket, even a second connection of the same client and user', async () => {
    const token = createTestToken();
    const { client: first } = await TestClient.join(harness.url, { token, clientId: 'same-client' });
    expect(await pingBurst(first, 40)).toBe(11);
    const { client: second } = await TestClient.join(harness.url, { token, clientId: 'same-client' });
    expect(await pingBurst(second, 29)).toBe(0);
    // The first connection is still out of tokens.
    first.send({ type: 'list' });
    expect(await first.next(frameOf('error'))).toMatchObject({ code: 'rate_limited' });
    await Promise.all([first.close(), second.close()]);
  });

  it('counts refused frames too', async () => {
    const { client } = await TestClient.join(harness.url);
    for (let index = 0; index < 29; index++) client.sendRaw('not json');
    await client.until((frames) => frames.filter((frame) => frame.type === 'error').length === 29);
    client.send({ type: 'ping', t: 1 });
    expect(await client.next(frameOf('error', { code: 'rate_limited' }))).toMatchObject({ retryAfterMs: 100 });
    await client.close();
  });
});
