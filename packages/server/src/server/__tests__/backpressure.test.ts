import { describe, expect, it } from 'vitest';
import type { Respond } from '../../generation/Respond.ts';
import { frameOf } from '../../testing/frameMatchers.ts';
import { startTestServer } from '../../testing/startTestServer.ts';
import { createTestToken, TestClient } from '../../testing/TestClient.ts';

const PIECE = 'x'.repeat(8192);
/**
 * A model far faster than a reader that stopped reading: 960 KiB a reply (just under the longest
 * reply, MAX_REPLY_BYTES) as fast as the loop allows; `REPLIES` of them outgrow the kernel's buffers.
 */
const PIECES = 120;
const REPLIES = 16;
const firehose: Respond = async function* () {
  for (let index = 0; index < PIECES; index++) {
    yield PIECE;
    if (index % 8 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
};

describe('backpressure', () => {
  it('drops a client that stops reading instead of buffering without bound, and the replies still complete', async () => {
    const { server, url, close } = await startTestServer({ respond: firehose, limits: { maxBufferedBytes: 256 * 1024 } });
    try {
      const token = createTestToken();
      const { client: stalled } = await TestClient.join(url, { token });
      for (let index = 1; index <= REPLIES; index++) stalled.send({ type: 'send', conversationId: 'conv-1', messageId: `msg-${index}`, text: 'Flood me' });
      const start = await stalled.next(frameOf('message_start'));
      // Stop reading from the TCP socket: the server's writes pile up in its send buffer.
      (stalled.socket as unknown as { _socket: { pause(): void } })._socket.pause();

      await expect.poll(() => server.connectionCount, { timeout: 5000 }).toBe(0);
      const replies = async () => (await server.stores.conversations.history('conv-1')).filter((message) => message.role === 'assistant');
      await expect.poll(async () => (await replies()).map((reply) => reply.status), { timeout: 10_000 }).toEqual(Array(REPLIES).fill('complete'));
      expect((await server.stores.streams.get(start.messageId))?.lastSeq).toBe(PIECES);
    } finally {
      await close();
    }
  });
});
