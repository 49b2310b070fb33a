import type { ChunkFrame, PartEvent, ServerFrame } from '@rejoin/core/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Respond, RespondContinuation, RespondPiece } from '../../generation/Respond.ts';
import { foldParts } from '../../streams/foldParts.ts';
import { toolOutputTooLarge } from '../../streams/ReplyWriter.ts';
import { chunksOf, frameOf } from '../../testing/frameMatchers.ts';
import { startTestServer, type TestServer } from '../../testing/startTestServer.ts';
import { createTestToken, type HelloOptions, TestClient } from '../../testing/TestClient.ts';
import type { RejoinServerOptions } from '../RejoinServerOptions.ts';

let harness: TestServer | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await harness?.close();
  harness = undefined;
});

async function join(hello: HelloOptions = {}, options: RejoinServerOptions = {}): Promise<TestClient> {
  harness ??= await startTestServer(options);
  const { client } = await TestClient.join(harness.url, hello);
  clients.push(client);
  return client;
}

/** A model that yields `first`, and after a decision what `after` makes of the continuation. */
function scriptedModel(first: readonly RespondPiece[], after: (continuation: RespondContinuation) => readonly RespondPiece[] = () => []) {
  const continuations: RespondContinuation[] = [];
  const respond: Respond = async function* ({ continuation }) {
    if (continuation !== undefined) continuations.push(continuation);
    yield* continuation === undefined ? first : after(continuation);
  };
  return { respond, continuations };
}

/** Waits until every frame before now was handled: the server answers frames in order. */
async function settled(client: TestClient): Promise<void> {
  const t = Date.now();
  client.send({ type: 'ping', t });
  await client.next(frameOf('pong', { t }));
}

function pieceOf(chunk: ChunkFrame): RespondPiece {
  return chunk.part ?? chunk.text;
}

const RICH: RespondPiece[] = [
  { kind: 'reasoning-delta', delta: 'Thinking ' },
  { kind: 'reasoning-delta', delta: 'hard.' },
  { kind: 'reasoning-end' },
  'Hello',
  { kind: 'source', sourceId: 's1', url: 'https://example.com/a', title: 'A' },
  { kind: 'data', name: 'chart', id: 'd1', data: { points: [1, 2] } },
  { kind: 'file', url: 'https://example.com/f.png', mediaType: 'image/png' },
  ' world',
];

const ASKING: RespondPiece[] = [
  'Let me check. ',
  { kind: 'tool-input-start', toolCallId: 'call_1', toolName: 'lookup' },
  { kind: 'tool-input-delta', toolCallId: 'call_1', delta: '{"q":1}' },
  { kind: 'tool-input-available', toolCallId: 'call_1', toolName: 'lookup', input: { q: 1 } },
  { kind: 'tool-approval-request', toolCallId: 'call_1' },
];

function afterDecision(continuation: RespondContinuation): RespondPiece[] {
  return continuation.approval.approved
    ? [{ kind: 'tool-output', toolCallId: 'call_1', output: { answer: 42 } }, 'The answer is 42.']
    : ['I will go on without it.'];
}

/** Sends a message and waits until the reply pauses on its approval request. */
async function pauseAtApproval(client: TestClient): Promise<string> {
  client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Look it up' });
  const start = await client.next(frameOf('message_start'));
  await client.until((frames) => chunksOf(frames, start.messageId).some((chunk) => chunk.part?.kind === 'tool-approval-request'));
  return start.messageId;
}

function partsOf(frames: readonly ServerFrame[], messageId: string): PartEvent[] {
  return chunksOf(frames, messageId).flatMap((chunk) => (chunk.part === undefined ? [] : [chunk.part]));
}

describe('message parts (protocol v2)', () => {
  it('answers hello v2 with welcome v2, and a v1 hello with v1', async () => {
    harness = await startTestServer();
    const { client: newer, welcome: v2 } = await TestClient.join(harness.url, { v: 2 });
    const { client: older, welcome: v1 } = await TestClient.join(harness.url, { v: 1 });
    clients.push(newer, older);
    expect([v2.v, v1.v]).toEqual([2, 1]);
  });

  it('streams each part event to a v2 session as one chunk with the next seq, and keeps the parts in history', async () => {
    const { respond } = scriptedModel(RICH);
    const client = await join({ v: 2 }, { respond });
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Show me' });
    const start = await client.next(frameOf('message_start'));
    const end = await client.next(frameOf('message_end', { messageId: start.messageId }));

    const chunks = chunksOf(client.frames, start.messageId);
    expect(chunks.map((chunk) => chunk.seq)).toEqual(RICH.map((_, index) => index + 1));
    expect(chunks.map(pieceOf)).toEqual(RICH);
    expect(chunks.every((chunk) => (chunk.part === undefined) !== (chunk.text === undefined))).toBe(true);
    expect(end).toMatchObject({ finishReason: 'complete', lastSeq: RICH.length });

    client.send({ type: 'load', conversationId: 'conv-1' });
    const reply = (await client.next(frameOf('conversation'))).messages.find((message) => message.id === start.messageId);
    expect(reply).toMatchObject({ text: 'Hello world', status: 'complete', seq: RICH.length, parts: foldParts(RICH) });
    expect(client.invalidFrames).toEqual([]);
  });

  it('sends a v1 session every part event as an empty text chunk: contiguous seqs, the text only, and an exact replay', async () => {
    const { respond } = scriptedModel(RICH);
    const token = createTestToken();
    const client = await join({ v: 1, token }, { respond });
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Show me' });
    const start = await client.next(frameOf('message_start'));
    await client.next(frameOf('message_end', { messageId: start.messageId }));

    const chunks = chunksOf(client.frames, start.messageId);
    expect(chunks.map((chunk) => chunk.seq)).toEqual(RICH.map((_, index) => index + 1));
    expect(chunks.some((chunk) => chunk.part !== undefined)).toBe(false);
    expect(chunks.map((chunk) => chunk.text).join('')).toBe('Hello world');

    client.send({ type: 'load', conversationId: 'conv-1' });
    const reply = (await client.next(frameOf('conversation'))).messages.find((message) => message.id === start.messageId);
    expect(reply).toMatchObject({ text: 'Hello world' });
    expect(reply?.parts).toBeUndefined();

    const { client: resumed } = await TestClient.join(harness!.url, {
      v: 1,
      token,
      cursors: [{ conversationId: 'conv-1', messageId: start.messageId, lastSeq: 3 }],
    });
    clients.push(resumed);
    await resumed.next(frameOf('message_end', { messageId: start.messageId }));
    const replayed = chunksOf(resumed.frames, start.messageId);
    // 1.00x the bytes missed: exactly the frames after the cursor, byte for byte.
    expect(replayed.map((chunk) => JSON.stringify(chunk))).toEqual(chunks.slice(3).map((chunk) => JSON.stringify(chunk)));
  });

  it('pauses at an approval request: the reply stays streaming, no generation runs, and a load shows the pending call', async () => {
    const { respond, continuations } = scriptedModel(ASKING, afterDecision);
    const client = await join({ v: 2 }, { respond });
    const messageId = await pauseAtApproval(client);
    await settled(client);

    expect(client.frames.some((frame) => frame.type === 'message_end')).toBe(false);
    expect(harness!.server.activeGenerations()).toEqual([]);
    expect(continuations).toEqual([]);
    client.send({ type: 'load', conversationId: 'conv-1' });
    const loaded = await client.next(frameOf('conversation'));
    expect(loaded.status).toBe('streaming');
    expect(loaded.activeStream).toEqual({ messageId, lastSeq: ASKING.length });
    const reply = loaded.messages.find((message) => message.id === messageId);
    expect(reply?.status).toBe('streaming');
    expect(reply?.parts?.find((part) => part.type === 'tool-call')).toMatchObject({ toolCallId: 'call_1', state: 'approval-requested', input: { q: 1 } });
  });

  it('on approval appends the decision with the next seq and continues the same message through respond', async () => {
    const { respond, continuations } = scriptedModel(ASKING, afterDecision);
    const client = await join({ v: 2 }, { respond });
    const messageId = await pauseAtApproval(client);
    client.send({ type: 'approve', conversationId: 'conv-1', messageId, toolCallId: 'call_1', approved: true });
    const end = await client.next(frameOf('message_end', { messageId }));

    const chunks = chunksOf(client.frames, messageId);
    expect(chunks.map((chunk) => chunk.seq)).toEqual(chunks.map((_, index) => index + 1));
    expect(chunks.slice(ASKING.length).map(pieceOf)).toEqual([
      { kind: 'tool-approval-response', toolCallId: 'call_1', approved: true },
      { kind: 'tool-output', toolCallId: 'call_1', output: { answer: 42 } },
      'The answer is 42.',
    ]);
    expect(end).toMatchObject({ finishReason: 'complete', lastSeq: ASKING.length + 3 });
    expect(continuations).toHaveLength(1);
    expect(continuations[0]?.messageId).toBe(messageId);
    expect(continuations[0]?.approval).toEqual({ toolCallId: 'call_1', approved: true });
    expect(continuations[0]?.parts.find((part) => part.type === 'tool-call')).toMatchObject({ state: 'approval-responded', approval: { approved: true } });

    client.send({ type: 'load', conversationId: 'conv-1' });
    const reply = (await client.next(frameOf('conversation'))).messages.find((message) => message.id === messageId);
    expect(reply).toMatchObject({ status: 'complete', text: 'Let me check. The answer is 42.' });
    expect(reply?.parts?.find((part) => part.type === 'tool-call')).toMatchObject({ state: 'output-available', output: { answer: 42 } });
  });

  it('ignores the same decision again, and answers another decision or an unknown call with not_pending', async () => {
    const { respond, continuations } = scriptedModel(ASKING, afterDecision);
    const client = await join({ v: 2 }, { respond });
    const messageId = await pauseAtApproval(client);
    const decision = { type: 'approve', conversationId: 'conv-1', messageId, toolCallId: 'call_1', approved: true } as const;
    client.send(decision);
    await client.next(frameOf('message_end', { messageId }));
    const mark = client.mark();
    client.send(decision);
    await settled(client);
    expect(client.since(mark).filter((frame) => frame.type !== 'pong')).toEqual([]);

    client.send({ ...decision, approved: false });
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'not_pending', conversationId: 'conv-1', messageId });
    client.send({ ...decision, toolCallId: 'call_unknown' });
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'not_pending', conversationId: 'conv-1' });
    expect(continuations).toHaveLength(1);
    expect(partsOf(client.frames, messageId).filter((part) => part.kind === 'tool-approval-response')).toHaveLength(1);
  });

  it('on denial marks the call denied, tells the model, and goes on with the same message', async () => {
    const { respond, continuations } = scriptedModel(ASKING, afterDecision);
    const client = await join({ v: 2 }, { respond });
    const messageId = await pauseAtApproval(client);
    client.send({ type: 'approve', conversationId: 'conv-1', messageId, toolCallId: 'call_1', approved: false, reason: 'Not now' });
    await client.next(frameOf('message_end', { messageId, finishReason: 'complete' }));

    expect(chunksOf(client.frames, messageId).slice(ASKING.length).map(pieceOf)).toEqual([
      { kind: 'tool-approval-response', toolCallId: 'call_1', approved: false, reason: 'Not now' },
      { kind: 'tool-denied', toolCallId: 'call_1' },
      'I will go on without it.',
    ]);
    expect(continuations[0]?.approval).toEqual({ toolCallId: 'call_1', approved: false, reason: 'Not now' });
    expect(continuations[0]?.parts.find((part) => part.type === 'tool-call')).toMatchObject({ state: 'output-denied' });
  });

  it('ends a reply paused on an approval as stopped when the user stops it', async () => {
    const { respond, continuations } = scriptedModel(ASKING, afterDecision);
    const client = await join({ v: 2 }, { respond });
    const messageId = await pauseAtApproval(client);
    client.send({ type: 'stop', conversationId: 'conv-1', messageId });
    expect(await client.next(frameOf('message_end', { messageId }))).toMatchObject({ finishReason: 'stopped', lastSeq: ASKING.length });

    client.send({ type: 'approve', conversationId: 'conv-1', messageId, toolCallId: 'call_1', approved: true });
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'not_pending' });
    client.send({ type: 'load', conversationId: 'conv-1' });
    const loaded = await client.next(frameOf('conversation'));
    expect(loaded.status).toBe('idle');
    expect(loaded.messages.find((message) => message.id === messageId)?.status).toBe('stopped');
    expect(continuations).toEqual([]);
  });

  it('ends a reply paused on an approval as stopped when the user sends a new message, and the new reply runs', async () => {
    const { respond, continuations } = scriptedModel(ASKING, afterDecision);
    const client = await join({ v: 2 }, { respond });
    const paused = await pauseAtApproval(client);
    const mark = client.mark();
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-2', text: 'Never mind, something else' });
    expect(await client.next(frameOf('message_end', { messageId: paused }))).toMatchObject({ finishReason: 'stopped', lastSeq: ASKING.length });
    const next = await client.next(frameOf('message_start'));
    expect(client.since(mark).findIndex((frame) => frame.type === 'message_end')).toBeLessThan(client.since(mark).findIndex((frame) => frame.type === 'message_start'));
    await client.until((frames) => chunksOf(frames, next.messageId).some((chunk) => chunk.part?.kind === 'tool-approval-request'));

    client.send({ type: 'approve', conversationId: 'conv-1', messageId: paused, toolCallId: 'call_1', approved: true });
    expect(await client.next(frameOf('error'))).toMatchObject({ code: 'not_pending', messageId: paused });
    client.send({ type: 'approve', conversationId: 'conv-1', messageId: next.messageId, toolCallId: 'call_1', approved: true });
    expect(await client.next(frameOf('message_end', { messageId: next.messageId }))).toMatchObject({ finishReason: 'complete' });
    expect(continuations.map((continuation) => continuation.messageId)).toEqual([next.messageId]);

    client.send({ type: 'load', conversationId: 'conv-1' });
    const loaded = await client.next(frameOf('conversation'));
    expect(loaded.status).toBe('idle');
    expect(loaded.messages.filter((message) => message.role === 'assistant').map((message) => message.status)).toEqual(['stopped', 'complete']);
  });

  it('replaces a tool output over limits.maxToolOutputBytes with a tool-error, and the reply goes on', async () => {
    const big = 'x'.repeat(2000);
    const { respond } = scriptedModel([
      { kind: 'tool-input-available', toolCallId: 'call_big', toolName: 'dump', input: {} },
      { kind: 'tool-output', toolCallId: 'call_big', output: { big } },
      'Done.',
    ]);
    const client = await join({ v: 2 }, { respond, limits: { maxToolOutputBytes: 1000 } });
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Dump it' });
    const start = await client.next(frameOf('message_start'));
    await client.next(frameOf('message_end', { messageId: start.messageId, finishReason: 'complete' }));

    const bytes = Buffer.byteLength(JSON.stringify({ big }));
    expect(chunksOf(client.frames, start.messageId).map(pieceOf)).toEqual([
      { kind: 'tool-input-available', toolCallId: 'call_big', toolName: 'dump', input: {} },
      { kind: 'tool-error', toolCallId: 'call_big', errorText: toolOutputTooLarge(bytes, 1000) },
      'Done.',
    ]);
    expect(toolOutputTooLarge(bytes, 1000)).toMatch(/maxToolOutputBytes/);
  });

  it('drops a malformed part event from the model without taking a seq, and the reply goes on', async () => {
    const bogus = [{ kind: 'no-such-kind' }, { kind: 'source', sourceId: 's1' }] as unknown as RespondPiece[];
    const { respond } = scriptedModel(['a', ...bogus, { kind: 'source', sourceId: 's2', url: 'https://example.com' }, 'b']);
    const client = await join({ v: 2 }, { respond });
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Go' });
    const start = await client.next(frameOf('message_start'));
    const end = await client.next(frameOf('message_end', { messageId: start.messageId }));
    expect(end).toMatchObject({ finishReason: 'complete', lastSeq: 3 });
    expect(chunksOf(client.frames, start.messageId).map(pieceOf)).toEqual(['a', { kind: 'source', sourceId: 's2', url: 'https://example.com' }, 'b']);
    expect(client.invalidFrames).toEqual([]);
  });

  it('keeps a v2 user message\'s files as file parts, and refuses files and approve on a v1 session', async () => {
    const { respond } = scriptedModel(['Nice picture.']);
    const client = await join({ v: 2 }, { respond });
    const file = { url: 'https://example.com/cat.png', mediaType: 'image/png', filename: 'cat.png' };
    client.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'Look', files: [file] });
    await client.next(frameOf('message_end'));
    client.send({ type: 'load', conversationId: 'conv-1' });
    const user = (await client.next(frameOf('conversation'))).messages[0];
    expect(user).toMatchObject({ text: 'Look', parts: [{ type: 'text', text: 'Look' }, { type: 'file', ...file }] });

    const { client: old } = await TestClient.join(harness!.url, { v: 1 });
    clients.push(old);
    old.send({ type: 'send', conversationId: 'conv-2', messageId: 'msg-2', text: 'Look', files: [file] });
    expect(await old.next(frameOf('error'))).toMatchObject({ code: 'bad_frame', conversationId: 'conv-2' });
    old.send({ type: 'approve', conversationId: 'conv-2', messageId: 'msg-x', toolCallId: 'call_1', approved: true });
    expect(await old.next(frameOf('error'))).toMatchObject({ code: 'bad_frame', conversationId: 'conv-2' });
  });
});
