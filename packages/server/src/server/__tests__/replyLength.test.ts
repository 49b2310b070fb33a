import { DEFAULT_MAX_FRAME_BYTES } from '@rejoin/core/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Respond } from '../../generation/Respond.ts';
import { MAX_REPLY_BYTES, REPLY_TOO_LONG } from '../../streams/ReplyWriter.ts';
import { chunksOf, frameOf } from '../../testing/frameMatchers.ts';
import { startTestServer, type TestServer } from '../../testing/startTestServer.ts';
import { TestClient } from '../../testing/TestClient.ts';

/** 8,000 characters whose quote JSON escapes: 8,001 bytes in a frame. */
const PIECE = `${'x'.repeat(7999)}"`;
/** A model that would write about 1.1 MB of text, more than any frame may carry. */
const endlessModel: Respond = async function* () {
  for (let index = 0; index < 140; index++) yield PIECE;
};

let harness: TestServer | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('a reply longer than a frame can carry', () => {
  it('ends with finish reason error at the maximum length, so the conversation that holds it still fits in one frame', async () => {
    harness = await startTestServer({ respond: endlessModel });
    const { client } = await TestClient.join(harness.url);
    try {
      client.send({ type: 'send', conversationId: 'conv-long', messageId: 'msg-1', text: 'Write a lot.' });
      const start = await client.next(frameOf('message_start'));
      const end = await client.next(frameOf('message_end', { messageId: start.messageId }));
      const chunks = chunksOf(client.frames, start.messageId);
      expect(end).toMatchObject({ finishReason: 'error', error: REPLY_TOO_LONG, lastSeq: chunks.length });
      expect(chunks.length).toBe(Math.floor(MAX_REPLY_BYTES / (PIECE.length + 1)));

      client.send({ type: 'load', conversationId: 'conv-long' });
      const loaded = await client.next(frameOf('conversation'));
      expect(loaded.messages.at(-1)).toMatchObject({ id: start.messageId, status: 'error', text: PIECE.repeat(chunks.length) });
      expect(Buffer.byteLength(JSON.stringify(loaded))).toBeLessThanOrEqual(DEFAULT_MAX_FRAME_BYTES);
      expect(client.invalidFrames).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
