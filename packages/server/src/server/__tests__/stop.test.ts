import { afterEach, describe, expect, it } from 'vitest';
import type { Respond } from '../../generation/Respond.ts';
import { chunksOf, frameOf } from '../../testing/frameMatchers.ts';
import { startTestServer, type TestServer } from '../../testing/startTestServer.ts';
import { TestClient } from '../../testing/TestClient.ts';
import type { RejoinServerOptions } from '../RejoinServerOptions.ts';

let harness: TestServer | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await harness?.close();
  harness = undefined;
});

async function join(options: RejoinServerOptions = {}): Promise<TestClient> {
  harness ??= await startTestServer(options);
  const { client } = await TestClient.join(harness.url);
  clients.push(client);
  return client;
}

describe('stopping a generation', () => {
  it('ends the reply with finish reason stopped and the last seq sent, and keeps the partial text', async () => {
    const client = await join();
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Go on and on' });
    const start = await client.next(frameOf('message_start'));
    await client.next(frameOf('chunk', { seq: 3 }));
    client.send({ type: 'stop', conversationId: 'conv-1', messageId: start.messageId });
    const end = await client.next(frameOf('message_end', { messageId: start.messageId }));

    const chunks = chunksOf(client.frames, start.messageId);
    expect(end).toMatchObject({ finishReason: 'stopped', lastSeq: chunks.length });
    const endIndex = client.frames.indexOf(end);
    expect(client.frames.slice(endIndex).some((frame) => frame.type === 'chunk')).toBe(false);

    client.send({ type: 'load', conversationId: 'conv-1' });
    const loaded = await client.next(frameOf('conversation'));
    expect(loaded.status).toBe('idle');
    expect(loaded.messages[1]).toMatchObject({
      status: 'stopped',
      seq: chunks.length,
      text: chunks.map((chunk) => chunk.text).join(''),
    });
  });

  it('stops whatever the conversation generates when no message id is given', async () => {
    const client = await join();
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Stop me' });
    const start = await client.next(frameOf('message_start'));
    client.send({ type: 'stop', conversationId: 'conv-1' });
    expect(await client.next(frameOf('message_end', { messageId: start.messageId }))).toMatchObject({
      finishReason: 'stopped',
    });
  });

  it('does nothing and sends nothing for a stop that names no running message', async () => {
    const client = await join();
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Keep going' });
    const start = await client.next(frameOf('message_start'));
    client.send({ type: 'stop', conversationId: 'conv-1', messageId: 'not-this-one' });
    expect(await client.next(frameOf('message_end', { messageId: start.messageId }))).toMatchObject({
      finishReason: 'complete',
    });
    expect(client.frames.some((frame) => frame.type === 'error')).toBe(false);
  });

  it('sends nothing for a stop in a conversation of the user where nothing is generating', async () => {
    const client = await join();
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Short one' });
    const start = await client.next(frameOf('message_start'));
    await client.next(frameOf('message_end', { messageId: start.messageId }));
    const mark = client.mark();
    client.send({ type: 'stop', conversationId: 'conv-1' });
    client.send({ type: 'stop', conversationId: 'conv-1', messageId: start.messageId });
    // Frames are answered in order: a load sent after the stops is answered after them.
    client.send({ type: 'load', conversationId: 'conv-1' });
    await client.next(frameOf('conversation'));
    expect(client.since(mark).map((frame) => frame.type)).toEqual(['conversation']);
  });

  it('answers not_found to a stop naming a conversation that does not exist', async () => {
    const client = await join();
    client.send({ type: 'stop', conversationId: 'never-made' });
    expect(await client.next(frameOf('error'))).toEqual({
      type: 'error',
      code: 'not_found',
      message: 'No such conversation.',
      conversationId: 'never-made',
    });
  });

  it('still answers the messages queued behind a stopped reply', async () => {
    const client = await join();
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'First' });
    const first = await client.next(frameOf('message_start', { replyTo: 'msg-1' }));
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-2', text: 'Second' });
    await client.next(frameOf('ack', { messageId: 'msg-2' }));
    client.send({ type: 'stop', conversationId: 'conv-1', messageId: first.messageId });
    await client.next(frameOf('message_end', { messageId: first.messageId, finishReason: 'stopped' }));
    const second = await client.next(frameOf('message_start', { replyTo: 'msg-2' }));
    expect(await client.next(frameOf('message_end', { messageId: second.messageId }))).toMatchObject({
      finishReason: 'complete',
    });
  });

  it('ends a reply even when the model ignores the abort signal', async () => {
    const stubborn: Respond = async function* () {
      yield 'one';
      yield ' two';
      await new Promise(() => {}); // never yields again, never looks at the signal
    };
    const client = await join({ respond: stubborn });
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Hang' });
    const start = await client.next(frameOf('message_start'));
    await client.next(frameOf('chunk', { seq: 2 }));
    client.send({ type: 'stop', conversationId: 'conv-1' });
    expect(await client.next(frameOf('message_end', { messageId: start.messageId }))).toMatchObject({
      finishReason: 'stopped',
      lastSeq: 2,
    });
  });
});

describe('a failing model', () => {
  it('ends the message with finish reason error and marks the conversation errored', async () => {
    const failing: Respond = async function* () {
      yield 'Partial';
      throw new Error('upstream 500 with secret details');
    };
    const client = await join({ respond: failing });
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Fail please' });
    const start = await client.next(frameOf('message_start'));
    const end = await client.next(frameOf('message_end', { messageId: start.messageId }));
    expect(end).toMatchObject({ finishReason: 'error', lastSeq: 1 });
    expect(end.error).toEqual(expect.any(String));
    expect(end.error).not.toContain('secret');

    client.send({ type: 'list' });
    const list = await client.next(frameOf('conversations'));
    expect(list.conversations).toEqual([expect.objectContaining({ conversationId: 'conv-1', status: 'errored' })]);
  });
});
