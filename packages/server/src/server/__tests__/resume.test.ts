import type { ServerFrame } from '@rejoin/core/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { chunksOf, expectedReply, frameOf } from '../../testing/frameMatchers.ts';
import { startTestServer, TEST_TOKENS_PER_SECOND, type TestServer } from '../../testing/startTestServer.ts';
import { createTestToken, type HelloOptions, TestClient } from '../../testing/TestClient.ts';
import type { Respond } from '../../generation/Respond.ts';
import { createSimulatedModel } from '../../generation/simulatedModel.ts';

let harness: TestServer | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await harness?.close();
  harness = undefined;
});

async function join(options: HelloOptions & { retentionMs?: number; now?: () => number; respond?: Respond } = {}) {
  harness ??= await startTestServer({
    ...(options.retentionMs === undefined ? {} : { retentionMs: options.retentionMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.respond === undefined ? {} : { respond: options.respond }),
  });
  const joined = await TestClient.join(harness.url, options);
  clients.push(joined.client);
  return joined;
}

/**
 * The simulated model, held after its first `holdAfter` pieces until `release()`: a test that needs
 * the reply still running at a later step says so, instead of hoping the model is slow enough
 * (under load, a fast simulated reply can end before the next client joins).
 */
function heldModel(holdAfter: number): { respond: Respond; release: () => void } {
  const simulated = createSimulatedModel({ tokensPerSecond: TEST_TOKENS_PER_SECOND });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    release,
    async *respond(input) {
      let pieces = 0;
      for await (const piece of simulated(input)) {
        if (pieces === holdAfter) await gate;
        pieces += 1;
        yield piece;
      }
    },
  };
}

/** Starts a reply and returns its message id once `seq` chunks have arrived. */
async function startReply(client: TestClient, text: string, seq: number): Promise<string> {
  client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text });
  const start = await client.next(frameOf('message_start'));
  await client.next(frameOf('chunk', { messageId: start.messageId, seq }));
  return start.messageId;
}

function joinText(frames: readonly ServerFrame[], messageId: string, maxSeq = Number.POSITIVE_INFINITY): string {
  return chunksOf(frames, messageId)
    .filter((chunk) => chunk.seq <= maxSeq)
    .map((chunk) => chunk.text)
    .join('');
}

describe('resuming after a disconnect', () => {
  it('replays exactly the chunks after the cursor, then goes live, without a duplicate seq', async () => {
    const token = createTestToken();
    const model = heldModel(6);
    const { client: first } = await join({ token, respond: model.respond });
    const messageId = await startReply(first, 'Tell me about rivers', 4);
    await first.close();
    const lastSeq = Math.max(...chunksOf(first.frames, messageId).map((chunk) => chunk.seq));

    const { client: second, welcome } = await join({ token, cursors: [{ conversationId: 'conv-1', messageId, lastSeq }] });
    expect(welcome.lostStreams).toEqual([]);
    expect(welcome.activeStreams).toEqual([
      expect.objectContaining({ conversationId: 'conv-1', messageId }),
    ]);
    model.release();
    const end = await second.next(frameOf('message_end', { messageId }));

    const replayed = chunksOf(second.frames, messageId).map((chunk) => chunk.seq);
    expect(replayed).toEqual(Array.from({ length: end.lastSeq - lastSeq }, (_, index) => lastSeq + 1 + index));
    expect(second.frames.some((frame) => frame.type === 'message_start')).toBe(false);
    expect(joinText(first.frames, messageId, lastSeq) + joinText(second.frames, messageId)).toBe(
      expectedReply('Tell me about rivers'),
    );
  });

  it('reports a cursor ahead of a running stream as lost and replays nothing of it, so the client reloads', async () => {
    const token = createTestToken();
    const model = heldModel(2);
    const { client: writer } = await join({ token, respond: model.respond });
    const messageId = await startReply(writer, 'Tell me about lakes', 2);
    const ahead = { conversationId: 'conv-1', messageId, lastSeq: 10_000 };

    const { client: second, welcome } = await join({ token, cursors: [ahead] });
    expect(welcome.lostStreams).toEqual([ahead]);
    expect(welcome.activeStreams).toEqual([expect.objectContaining({ messageId })]);
    model.release();
    await writer.next(frameOf('message_end', { messageId }));
    // The stream ended for its writer; a round trip puts the second socket past its end too.
    second.send({ type: 'ping', t: 7 });
    await second.next(frameOf('pong', { t: 7 }));
    expect(second.frames.filter((frame) => 'messageId' in frame && frame.messageId === messageId)).toEqual([]);
  });

  it('replays the tail and the end of a stream that finished while the client was away', async () => {
    const token = createTestToken();
    const { client: first } = await join({ token });
    const messageId = await startReply(first, 'Short one', 2);
    await first.close();
    await expect.poll(() => harness!.server.activeGenerations().length).toBe(0);

    const { client: second, welcome } = await join({ token, cursors: [{ conversationId: 'conv-1', messageId, lastSeq: 2 }] });
    expect(welcome.activeStreams).toEqual([]);
    const end = await second.next(frameOf('message_end', { messageId }));
    expect(end.finishReason).toBe('complete');
    expect(chunksOf(second.frames, messageId)[0]?.seq).toBe(3);
    expect(joinText(first.frames, messageId, 2) + joinText(second.frames, messageId)).toBe(expectedReply('Short one'));
  });

  it('reports a cursor as lost once its stream is past retention, while the history keeps the message', async () => {
    const token = createTestToken();
    // Retention is judged on the server's clock, which moves only when the test says so.
    let clock = 1_767_225_600_000;
    const { client: first } = await join({ token, retentionMs: 40, now: () => clock });
    const messageId = await startReply(first, 'Quick', 1);
    await first.next(frameOf('message_end', { messageId }));
    await first.close();
    clock += 40;

    const cursor = { conversationId: 'conv-1', messageId, lastSeq: 1 };
    const { client: second, welcome } = await join({ token, cursors: [cursor] });
    expect(welcome.lostStreams).toEqual([cursor]);

    second.send({ type: 'subscribe', ...cursor });
    expect(await second.next(frameOf('error'))).toMatchObject({ code: 'stream_not_found', conversationId: 'conv-1', messageId });
    second.send({ type: 'load', conversationId: 'conv-1' });
    const loaded = await second.next(frameOf('conversation'));
    expect(loaded.messages[1]).toMatchObject({ id: messageId, status: 'complete', text: expectedReply('Quick') });
  });
});

describe('loading a conversation mid-stream', () => {
  it('answers with the text so far and the active stream, then sends only the later chunks', async () => {
    const token = createTestToken();
    const { client: writer } = await join({ token });
    const messageId = await startReply(writer, 'Explain tides', 3);

    const { client: reader } = await join({ token });
    reader.send({ type: 'load', conversationId: 'conv-1' });
    const loaded = await reader.next(frameOf('conversation'));
    expect(loaded.status).toBe('streaming');
    expect(loaded.activeStream?.messageId).toBe(messageId);
    const lastSeq = loaded.activeStream?.lastSeq ?? -1;
    expect(lastSeq).toBeGreaterThanOrEqual(3);
    const streaming = loaded.messages[1];
    expect(streaming).toMatchObject({ id: messageId, status: 'streaming', seq: lastSeq });

    const end = await reader.next(frameOf('message_end', { messageId }));
    await writer.next(frameOf('message_end', { messageId }));
    expect(streaming?.text).toBe(joinText(writer.frames, messageId, lastSeq));
    expect(chunksOf(reader.frames, messageId).map((chunk) => chunk.seq)).toEqual(
      Array.from({ length: end.lastSeq - lastSeq }, (_, index) => lastSeq + 1 + index),
    );
    expect((streaming?.text ?? '') + joinText(reader.frames, messageId)).toBe(expectedReply('Explain tides'));
  });

  it('restarts the subscription of a connection that already follows the stream, without a chunk twice', async () => {
    const { client } = await join();
    const messageId = await startReply(client, 'Reload my own stream', 2);
    client.send({ type: 'load', conversationId: 'conv-1' });
    const loaded = await client.next(frameOf('conversation'));
    // The message's seq is what its text holds, whether it is still streaming or just ended.
    const lastSeq = loaded.messages[1]?.seq ?? -1;
    const isEnd = frameOf('message_end', { messageId });
    await client.until((frames) => frames.some(isEnd));
    const end = client.frames.find(isEnd)!;
    expect(client.frames.filter(isEnd)).toHaveLength(1);

    const loadedAt = client.frames.indexOf(loaded);
    const after = chunksOf(client.frames.slice(loadedAt), messageId).map((chunk) => chunk.seq);
    expect(after).toEqual(Array.from({ length: end.lastSeq - lastSeq }, (_, index) => lastSeq + 1 + index));
    expect((loaded.messages[1]?.text ?? '') + joinText(client.frames.slice(loadedAt), messageId)).toBe(
      expectedReply('Reload my own stream'),
    );
  });

  it('answers not_found for a conversation that does not exist', async () => {
    const { client } = await join();
    client.send({ type: 'load', conversationId: 'nope' });
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'not_found', conversationId: 'nope' });
  });

  it('tells a connection that loaded a conversation before it existed about its first reply, sent from another tab of the user', async () => {
    const token = createTestToken();
    const { client: watcher } = await join({ token });
    const { client: writer } = await join({ token });
    watcher.send({ type: 'load', conversationId: 'conv-1' });
    expect(await watcher.next(frameOf('error'))).toMatchObject({ code: 'not_found', conversationId: 'conv-1' });

    writer.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'From the other tab' });
    const start = await watcher.next(frameOf('message_start'));
    expect(start).toMatchObject({ conversationId: 'conv-1', replyTo: 'msg-1' });
    const end = await watcher.next(frameOf('message_end', { messageId: start.messageId }));
    // From its first chunk: the admission check in between lost nothing.
    expect(chunksOf(watcher.frames, start.messageId).map((chunk) => chunk.seq)).toEqual(
      Array.from({ length: end.lastSeq }, (_, index) => index + 1),
    );
    expect(joinText(watcher.frames, start.messageId)).toBe(expectedReply('From the other tab'));
  });

  it('tells another user nothing of a conversation it loaded before that user created it', async () => {
    const { client: other } = await join({ token: createTestToken() });
    const { client: owner } = await join({ token: createTestToken() });
    other.send({ type: 'load', conversationId: 'conv-1' });
    expect(await other.next(frameOf('error'))).toMatchObject({ code: 'not_found' });

    owner.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Private' });
    const start = await owner.next(frameOf('message_start'));
    await owner.next(frameOf('message_end', { messageId: start.messageId }));
    // The other user's connection still answers, and heard nothing of the owner's reply.
    other.send({ type: 'ping', t: 7 });
    await other.next(frameOf('pong'));
    expect(other.frames.filter((frame) => 'conversationId' in frame && frame.conversationId === 'conv-1' && frame.type !== 'error')).toEqual([]);
  });

  it('watches only the last conversation a connection loaded before it existed', async () => {
    const token = createTestToken();
    const { client: watcher } = await join({ token });
    const { client: writer } = await join({ token });
    watcher.send({ type: 'load', conversationId: 'conv-1' });
    await watcher.next(frameOf('error', { conversationId: 'conv-1' }));
    watcher.send({ type: 'load', conversationId: 'conv-2' });
    await watcher.next(frameOf('error', { conversationId: 'conv-2' }));

    writer.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Into the first' });
    writer.send({ type: 'send', conversationId: 'conv-2', messageId: 'msg-2', text: 'Into the second' });
    const start = await watcher.next(frameOf('message_start'));
    expect(start.conversationId).toBe('conv-2');
    await watcher.next(frameOf('message_end', { messageId: start.messageId }));
    const firstReply = await writer.next(frameOf('message_start', { conversationId: 'conv-1' }));
    await writer.next(frameOf('message_end', { messageId: firstReply.messageId }));
    expect(watcher.frames.some((frame) => frame.type === 'message_start' && frame.conversationId === 'conv-1')).toBe(false);
  });
});

describe('subscribing from an offset', () => {
  it('replays the chunks after lastSeq and the end of a finished stream', async () => {
    const token = createTestToken();
    const { client: writer } = await join({ token });
    const messageId = await startReply(writer, 'Offsets', 1);
    const end = await writer.next(frameOf('message_end', { messageId }));

    const { client: reader } = await join({ token });
    reader.send({ type: 'subscribe', conversationId: 'conv-1', messageId, lastSeq: 2 });
    await reader.next(frameOf('message_end', { messageId }));
    expect(chunksOf(reader.frames, messageId).map((chunk) => chunk.seq)).toEqual(
      Array.from({ length: end.lastSeq - 2 }, (_, index) => index + 3),
    );
  });

  it('replaces the previous subscription of the conversation, so live chunks are not doubled', async () => {
    const token = createTestToken();
    const { client: writer } = await join({ token });
    const messageId = await startReply(writer, 'Resubscribe', 2);

    const { client: reader } = await join({ token });
    reader.send({ type: 'subscribe', conversationId: 'conv-1', messageId, lastSeq: 0 });
    await reader.next(frameOf('chunk', { messageId, seq: 3 }));
    reader.send({ type: 'subscribe', conversationId: 'conv-1', messageId, lastSeq: 0 });
    const end = await reader.next(frameOf('message_end', { messageId }));

    // After the second replay restarts at seq 1, every seq follows exactly once, up to the end.
    const seqs = chunksOf(reader.frames, messageId).map((chunk) => chunk.seq);
    const restart = seqs.lastIndexOf(1);
    expect(restart).toBeGreaterThan(0);
    expect(seqs.slice(restart)).toEqual(Array.from({ length: end.lastSeq }, (_, index) => index + 1));
    expect(reader.frames.filter((frame) => frame.type === 'message_end')).toHaveLength(1);
  });

  it('answers stream_not_found to a cursor ahead of the stream, and replays nothing of it', async () => {
    const token = createTestToken();
    const { client: writer } = await join({ token });
    const messageId = await startReply(writer, 'Ahead of time', 1);
    const end = await writer.next(frameOf('message_end', { messageId }));

    const { client: reader } = await join({ token });
    reader.send({ type: 'subscribe', conversationId: 'conv-1', messageId, lastSeq: end.lastSeq + 1 });
    expect(await reader.next(frameOf('error'))).toMatchObject({ code: 'stream_not_found', conversationId: 'conv-1', messageId });
    // A cursor exactly at the end is not ahead: it gets the end and nothing else.
    reader.send({ type: 'subscribe', conversationId: 'conv-1', messageId, lastSeq: end.lastSeq });
    expect(await reader.next(frameOf('message_end', { messageId }))).toMatchObject({ lastSeq: end.lastSeq });
    expect(chunksOf(reader.frames, messageId)).toEqual([]);
  });

  it('answers stream_not_found for a stream the server does not know', async () => {
    const { client } = await join();
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'hi' });
    await client.next(frameOf('ack'));
    client.send({ type: 'subscribe', conversationId: 'conv-1', messageId: 'unknown-stream', lastSeq: 0 });
    expect(await client.next(frameOf('error'))).toMatchObject({
      code: 'stream_not_found',
      conversationId: 'conv-1',
      messageId: 'unknown-stream',
    });
  });

  it('stops sending a conversation after unsubscribe, while the reply keeps generating', async () => {
    const { client } = await join();
    const messageId = await startReply(client, 'Unsubscribe me', 1);
    client.send({ type: 'unsubscribe', conversationId: 'conv-1' });
    client.send({ type: 'ping', t: 1 });
    await client.next(frameOf('pong', { t: 1 }));
    const mark = client.mark();
    await expect.poll(() => harness!.server.activeGenerations().length).toBe(0);
    expect(client.since(mark).filter((frame) => 'messageId' in frame && frame.messageId === messageId)).toEqual([]);
    expect(await harness!.server.stores.streams.get(messageId)).toMatchObject({ finishReason: 'complete' });
  });
});
