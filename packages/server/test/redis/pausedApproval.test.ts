import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESEARCH_SAVE_CALL_ID } from '../../src/generation/simulatedResearchReply.ts';
import { chunksOf, frameOf } from '../../src/testing/frameMatchers.ts';
import { createTestToken, TestClient } from '../../src/testing/TestClient.ts';
import { deleteKeysOn, REDIS_TARGETS, type RedisTarget, SINGLE_REDIS, uniquePrefix } from './support/redisForTests.ts';
import { startRedisInstance } from './support/redisInstance.ts';

let prefix: string;
let target: RedisTarget = SINGLE_REDIS;
const cleanups: (() => unknown)[] = [];

beforeEach(() => {
  prefix = uniquePrefix();
});

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
  await deleteKeysOn(target, prefix);
});

describe.each(REDIS_TARGETS)('a tool approval pending on $name', (redis) => {
  beforeEach(() => {
    target = redis;
  });

  it('survives a server restart: B resumes the paused reply, takes the decision and completes the same message', async () => {
    const a = await startRedisInstance({ keyPrefix: prefix, target, tokensPerSecond: 400 });
    let aClosed = false;
    cleanups.push(() => (aClosed ? undefined : a.close()));
    const token = createTestToken();
    const { client: first } = await TestClient.join(a.url, { v: 2, token });
    cleanups.push(() => first.close());
    first.send({ type: 'send', conversationId: 'conv-1', messageId: 'msg-1', text: 'research tides' });
    const start = await first.next(frameOf('message_start'));
    const messageId = start.messageId;
    await first.until((frames) => chunksOf(frames, messageId).some((chunk) => chunk.part?.kind === 'tool-approval-request'));
    const lastSeq = chunksOf(first.frames, messageId).at(-1)!.seq;

    await first.close();
    await a.close();
    aClosed = true;

    const b = await startRedisInstance({ keyPrefix: prefix, target, tokensPerSecond: 400 });
    cleanups.push(() => b.close());
    const { client: second, welcome } = await TestClient.join(b.url, {
      v: 2,
      token,
      cursors: [{ conversationId: 'conv-1', messageId, lastSeq }],
    });
    cleanups.push(() => second.close());
    expect(welcome.lostStreams).toEqual([]);
    expect(welcome.activeStreams.map((stream) => [stream.messageId, stream.lastSeq])).toEqual([[messageId, lastSeq]]);

    second.send({ type: 'load', conversationId: 'conv-1' });
    const loaded = await second.next(frameOf('conversation'));
    expect(loaded.status).toBe('streaming');
    const pending = loaded.messages.find((message) => message.id === messageId);
    expect(pending?.parts?.find((part) => part.type === 'tool-call' && part.toolCallId === RESEARCH_SAVE_CALL_ID)).toMatchObject({
      state: 'approval-requested',
    });

    second.send({ type: 'approve', conversationId: 'conv-1', messageId, toolCallId: RESEARCH_SAVE_CALL_ID, approved: true });
    const end = await second.next(frameOf('message_end', { messageId }));
    expect(end.finishReason).toBe('complete');
    const continued = chunksOf(second.frames, messageId).map((chunk) => chunk.seq);
    expect(continued).toEqual(Array.from({ length: end.lastSeq - lastSeq }, (_, index) => lastSeq + 1 + index));
    expect(chunksOf(second.frames, messageId)[0]?.part).toEqual({ kind: 'tool-approval-response', toolCallId: RESEARCH_SAVE_CALL_ID, approved: true });

    const history = await b.stores.conversations.history('conv-1');
    const reply = history.find((message) => message.id === messageId);
    expect(reply?.status).toBe('complete');
    expect(reply?.parts?.find((part) => part.type === 'tool-call' && part.toolCallId === RESEARCH_SAVE_CALL_ID)).toMatchObject({
      state: 'output-available',
      approval: { approved: true },
    });
    expect(reply?.parts?.filter((part) => part.type === 'source')).toHaveLength(2);
  });
});
