import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { expectedReply, frameOf } from '../../testing/frameMatchers.ts';
import { startTestServer } from '../../testing/startTestServer.ts';
import { TestClient } from '../../testing/TestClient.ts';

describe('graceful shutdown', () => {
  it('sends every client a fatal shutting_down, closes with 1001, and refuses new connections', async () => {
    const { server, url } = await startTestServer();
    const { client: first } = await TestClient.join(url);
    const { client: second } = await TestClient.join(url);
    await server.close();

    for (const client of [first, second]) {
      expect(client.frames.at(-1)).toMatchObject({ type: 'error', code: 'shutting_down', fatal: true });
      expect((await client.closed).code).toBe(1001);
    }
    const late = new WebSocket(url);
    await expect(new Promise((resolve, reject) => late.once('open', resolve).once('error', reject))).rejects.toThrow();
  });

  it('lets a running generation finish into the stores before closing', async () => {
    const { server, url } = await startTestServer({ shutdown: { generations: 'finish', timeoutMs: 5000 } });
    const { client } = await TestClient.join(url);
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Finish me' });
    const start = await client.next(frameOf('message_start'));
    const { streams, conversations } = server.stores;
    // Read the stores before close() disposes of its in-memory ones.
    const finished = new Promise<string | undefined>((resolve) => {
      void streams.follow(start.messageId, 0, (event) => {
        if (event.type === 'end') void conversations.history('conv-1').then((history) => resolve(history[1]?.text));
      });
    });
    await server.close();
    expect(await finished).toBe(expectedReply('Finish me'));
  });

  it('aborts running generations with finish reason error when asked to', async () => {
    const { server, url } = await startTestServer({ shutdown: { generations: 'abort' } });
    const { client } = await TestClient.join(url);
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Abort me' });
    const start = await client.next(frameOf('message_start'));
    const ended = new Promise<string>((resolve) => {
      void server.stores.streams.follow(start.messageId, 0, (event) => {
        if (event.type === 'end') resolve(event.finishReason);
      });
    });
    await server.close();
    expect(await ended).toBe('error');
  });
});
