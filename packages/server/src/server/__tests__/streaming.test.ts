import { afterEach, describe, expect, it } from 'vitest';
import { simulatedReplyText } from '../../generation/simulatedReply.ts';
import { chunksOf, expectedReply, frameOf } from '../../testing/frameMatchers.ts';
import { startTestServer, type TestServer } from '../../testing/startTestServer.ts';
import { createTestToken, TestClient } from '../../testing/TestClient.ts';

let harness: TestServer | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await harness?.close();
  harness = undefined;
});

async function join(token = createTestToken()): Promise<TestClient> {
  harness ??= await startTestServer();
  const { client } = await TestClient.join(harness.url, { token });
  clients.push(client);
  return client;
}

describe('streaming a reply', () => {
  it('acks a message, then streams the reply with contiguous seqs from 1 and ends it complete', async () => {
    const client = await join();
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'How do I bake bread?' });

    const ack = await client.next(frameOf('ack', { messageId: 'msg-1' }));
    expect(ack).toMatchObject({ conversationId: 'conv-1', index: 0, duplicate: false });
    const start = await client.next(frameOf('message_start', { conversationId: 'conv-1' }));
    expect(start).toMatchObject({ replyTo: 'msg-1', index: 1 });
    const end = await client.next(frameOf('message_end', { messageId: start.messageId }));

    const chunks = chunksOf(client.frames, start.messageId);
    expect(chunks.map((chunk) => chunk.seq)).toEqual(chunks.map((_, index) => index + 1));
    expect(end).toMatchObject({ finishReason: 'complete', lastSeq: chunks.length });
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(expectedReply('How do I bake bread?'));
    expect(client.invalidFrames).toEqual([]);
  });

  it('sends the ack before the reply starts', async () => {
    const client = await join();
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Hello' });
    await client.next(frameOf('message_start'));
    expect(client.frames.map((frame) => frame.type).slice(1, 3)).toEqual(['ack', 'message_start']);
  });

  it('answers a resent message with a duplicate ack and no second reply', async () => {
    const client = await join();
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Hello' });
    const start = await client.next(frameOf('message_start'));
    await client.next(frameOf('message_end', { messageId: start.messageId }));

    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Hello' });
    const again = await client.next(frameOf('ack', { messageId: 'msg-1' }));
    expect(again).toMatchObject({ duplicate: true, index: 0 });

    // A ping round trip after the ack proves nothing else was queued for this connection.
    client.send({ type: 'ping', t: 7 });
    await client.next(frameOf('pong', { t: 7 }));
    client.send({ type: 'load', conversationId: 'conv-1' });
    const loaded = await client.next(frameOf('conversation'));
    expect(loaded.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(client.frames.filter((frame) => frame.type === 'message_start')).toHaveLength(1);
  });

  it('answers two messages sent back to back with two replies, in order', async () => {
    const client = await join();
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'first', text: 'First question' });
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'second', text: 'Second question' });

    const firstStart = await client.next(frameOf('message_start', { replyTo: 'first' }));
    await client.next(frameOf('message_end', { messageId: firstStart.messageId }));
    const secondStart = await client.next(frameOf('message_start', { replyTo: 'second' }));
    await client.next(frameOf('message_end', { messageId: secondStart.messageId, finishReason: 'complete' }));

    client.send({ type: 'load', conversationId: 'conv-1' });
    const { messages } = await client.next(frameOf('conversation'));
    const ids = messages.map((message) => message.id);
    // Where the first reply lands relative to the second question depends on timing; the rest does not.
    expect(ids.filter((id) => id === 'first' || id === 'second')).toEqual(['first', 'second']);
    expect(ids.indexOf(firstStart.messageId)).toBe(firstStart.index);
    expect(ids.indexOf(secondStart.messageId)).toBe(secondStart.index);
    expect(secondStart.index).toBe(3);
    for (const ack of client.frames.filter((frame) => frame.type === 'ack')) {
      expect(ids[ack.index]).toBe(ack.messageId);
    }
    const secondText = chunksOf(client.frames, secondStart.messageId).map((chunk) => chunk.text).join('');
    // Each reply is generated from the history up to its own question.
    expect(secondText).toBe(simulatedReplyText(messages.slice(0, ids.indexOf('second') + 1)));
    expect(messages[firstStart.index]?.text).toBe(expectedReply('First question'));
  });

  it('fans a reply out to every connection of the user that follows the conversation', async () => {
    const token = createTestToken();
    const writer = await join(token);
    const watcher = await join(token);
    writer.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Shared' });
    await writer.next(frameOf('ack'));
    watcher.send({ type: 'load', conversationId: 'conv-1' });
    await watcher.next(frameOf('conversation'));

    writer.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-2', text: 'Again' });
    const start = await watcher.next(frameOf('message_start', { replyTo: 'msg-2' }));
    await watcher.next(frameOf('message_end', { messageId: start.messageId }));
    await writer.next(frameOf('message_end', { messageId: start.messageId }));
    const seen = (client: TestClient) => chunksOf(client.frames, start.messageId).map((chunk) => chunk.seq);
    expect(seen(watcher)).toEqual(seen(writer));
    expect(watcher.frames.some((frame) => frame.type === 'ack' && frame.messageId === 'msg-2')).toBe(false);
  });

  it('keeps generating while no client is connected', async () => {
    const token = createTestToken();
    const client = await join(token);
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Long answer please' });
    const start = await client.next(frameOf('message_start'));
    await client.next(frameOf('chunk', { seq: 2 }));
    await client.close();

    const server = harness!.server;
    await expect.poll(() => server.activeGenerations().length, { timeout: 3000 }).toBe(0);
    const stream = await server.stores.streams.get(start.messageId);
    expect(stream).toMatchObject({ finishReason: 'complete' });
    const history = await server.stores.conversations.history('conv-1');
    expect(history[1]).toMatchObject({ status: 'complete', text: expectedReply('Long answer please') });
  });
});
