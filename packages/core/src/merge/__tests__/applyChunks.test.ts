import { describe, expect, it } from 'vitest';
import { applyChunks } from '../replyStream.ts';
import { assistantMessage, chunk, conversation, following, userMessage } from './builders.ts';

const question = userMessage('u1', 'Hi?', { index: 0 });

describe('applyChunks', () => {
  it('appends an in-order chunk and advances the message seq and the stream cursor', () => {
    const before = conversation([question, assistantMessage('a1', 'Hel', 1, { index: 1 })], { stream: following('a1', 1) });

    const { conversation: after, replayFrom } = applyChunks(before, [chunk('a1', 2, 'lo')]);

    expect(after.messages[1]).toMatchObject({ text: 'Hello', seq: 2, status: 'streaming' });
    expect(after.stream).toEqual(following('a1', 2));
    expect(replayFrom).toBeNull();
  });

  it('joins a batch of chunks into one new message object and leaves the other messages untouched', () => {
    const before = conversation([question, assistantMessage('a1', '', 0, { index: 1 })], { stream: following('a1', 0) });

    const { conversation: after } = applyChunks(before, [chunk('a1', 1, 'a'), chunk('a1', 2, 'b'), chunk('a1', 3, 'c')]);

    expect(after.messages[1]).toMatchObject({ text: 'abc', seq: 3 });
    expect(after.messages[0]).toBe(question);
    expect(after.stream).toEqual(following('a1', 3));
  });

  it('creates a streaming reply from the first chunk of a message it has not heard of, with createdAt 0 and no index', () => {
    const before = conversation([question]);

    const { conversation: after } = applyChunks(before, [chunk('a1', 1, 'Hi')]);

    expect(after.messages[1]).toEqual({ id: 'a1', role: 'assistant', text: 'Hi', parts: [{ type: 'text', text: 'Hi' }], status: 'streaming', createdAt: 0, seq: 1 });
    expect(after.stream).toEqual(following('a1', 1));
    expect(after.status).toBe('streaming');
  });

  it('ignores a duplicated chunk and returns the same conversation', () => {
    const before = conversation([question, assistantMessage('a1', 'ab', 2, { index: 1 })], { stream: following('a1', 2) });

    const result = applyChunks(before, [chunk('a1', 2, 'b'), chunk('a1', 1, 'a')]);

    expect(result.conversation).toBe(before);
    expect(result.replayFrom).toBeNull();
  });

  it('does not apply a chunk past a gap, marks the stream awaiting a replay and asks to replay from the last seq held', () => {
    const before = conversation([question, assistantMessage('a1', 'ab', 2, { index: 1 })], { stream: following('a1', 2) });

    const { conversation: after, replayFrom } = applyChunks(before, [chunk('a1', 4, 'd')]);

    expect(after.messages[1]).toBe(before.messages[1]);
    expect(after.stream).toEqual(following('a1', 2, true));
    expect(replayFrom).toEqual({ conversationId: 'c1', messageId: 'a1', lastSeq: 2 });
  });

  it('asks for one replay only while the first is awaited', () => {
    const before = conversation([assistantMessage('a1', 'ab', 2)], { stream: following('a1', 2, true) });

    const result = applyChunks(before, [chunk('a1', 5, 'e')]);

    expect(result.replayFrom).toBeNull();
    expect(result.conversation).toBe(before);
  });

  it('clears awaitingReplay when the replay brings the next chunk in order, then applies what follows', () => {
    const before = conversation([assistantMessage('a1', 'ab', 2)], { stream: following('a1', 2, true) });

    const { conversation: after } = applyChunks(before, [chunk('a1', 3, 'c'), chunk('a1', 4, 'd')]);

    expect(after.messages[0]).toMatchObject({ text: 'abcd', seq: 4 });
    expect(after.stream).toEqual(following('a1', 4));
  });

  it('treats a later chunk of an unknown message as a gap from seq 0', () => {
    const { conversation: after, replayFrom } = applyChunks(conversation([question]), [chunk('a1', 3, 'c')]);

    expect(after.messages[1]).toMatchObject({ id: 'a1', text: '', seq: 0, status: 'streaming' });
    expect(after.stream).toEqual(following('a1', 0, true));
    expect(replayFrom).toEqual({ conversationId: 'c1', messageId: 'a1', lastSeq: 0 });
  });

  it.each(['complete', 'stopped', 'error'] as const)('ignores chunks for a reply that ended as %s', (status) => {
    const before = conversation([assistantMessage('a1', 'ab', 2, { status })]);

    expect(applyChunks(before, [chunk('a1', 3, 'c')]).conversation).toBe(before);
  });

  it('ignores chunks of another conversation', () => {
    const before = conversation([assistantMessage('a1', 'ab', 2)], { stream: following('a1', 2) });

    expect(applyChunks(before, [{ ...chunk('a1', 3, 'c'), conversationId: 'other' }]).conversation).toBe(before);
  });

  it('revives an interrupted reply when its stream turns out to be alive', () => {
    const before = conversation([assistantMessage('a1', 'ab', 2, { status: 'interrupted' })]);

    const { conversation: after } = applyChunks(before, [chunk('a1', 3, 'c')]);

    expect(after.messages[0]).toMatchObject({ text: 'abc', status: 'streaming' });
    expect(after.stream).toEqual(following('a1', 3));
  });

  it('keeps following the newer reply when a late chunk of an older one arrives', () => {
    const older = assistantMessage('a1', 'a', 1, { index: 1 });
    const newer = assistantMessage('a3', 'x', 1, { index: 3 });
    const before = conversation([older, newer], { stream: following('a3', 1) });

    const { conversation: after } = applyChunks(before, [chunk('a1', 2, 'b')]);

    expect(after.messages[0]).toMatchObject({ text: 'ab', seq: 2 });
    expect(after.messages[1]).toBe(newer);
    expect(after.stream).toBe(before.stream);
  });
});
