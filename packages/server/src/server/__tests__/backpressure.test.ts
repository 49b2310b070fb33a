import { describe, expect, it } from 'vitest';
import type { Respond } from '../../generation/Respond.ts';
import { frameOf } from '../../testing/frameMatchers.ts';
import { startTestServer } from '../../testing/startTestServer.ts';
import { createTestToken, TestClient } from '../../testing/TestClient.ts';

const PIECE = 'x'.repeat(8192);
/** A model far faster than a reader that stopped reading: 16 MiB as fast as the loop allows. */
const firehose: Respond = async function* () {
  for (let index = 0; index < 2048; index++) {
    yield PIECE;
    if (index % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
};

describe('backpressure', () => {
  it('drops a client that stops reading instead of buffering without bound, and the reply still completes', async () => {
    const { server, url, close } = await startTestServer({ respond: firehose, limits: { maxBufferedBytes: 256 * 1024 } });
    try {
      const token = createTestToken();
      const { client: stalled } = await TestClient.join(url, { token });
      stalled.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Flood me' });
      const start = await stalled.next(frameOf('message_start'));
      // Stop reading from the TCP socket: the server's writes pile up in its send buffer.
      (stalled.socket as unknown as { _socket: { pause(): void } })._socket.pause();

      await expect.poll(() => server.connectionCount, { timeout: 5000 }).toBe(0);
      await expect.poll(async () => (await server.stores.streams.get(start.messageId))?.finishReason, { timeout: 5000 }).toBe('complete');
      expect((await server.stores.streams.get(start.messageId))?.lastSeq).toBe(2048);
    } finally {
      await close();
    }
  });
});
