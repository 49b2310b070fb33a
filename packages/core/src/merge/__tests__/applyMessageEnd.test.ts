import { describe, expect, it } from 'vitest';
import { applyMessageEnd } from '../replyStream.ts';
import { assistantMessage, conversation, following, messageEnd, userMessage } from './builders.ts';

const question = userMessage('u1', 'Hi?', { index: 0 });
const streaming = assistantMessage('a1', 'Hello', 2, { index: 1 });

describe('applyMessageEnd', () => {
  it.each([
    { reason: 'complete', status: 'idle' },
    { reason: 'stopped', status: 'idle' },
    { reason: 'error', status: 'errored' },
  ] as const)('ends a reply as $reason, clears the stream and leaves the conversation $status', ({ reason, status }) => {
    const before = conversation([question, streaming], { stream: following('a1', 2) });

    const { conversation: after, replayFrom } = applyMessageEnd(before, messageEnd('a1', 2, reason));

    expect(after.messages[1]).toMatchObject({ text: 'Hello', status: reason });
    expect(after.stream).toBeNull();
    expect(after.status).toBe(status);
    expect(after.messages[0]).toBe(question);
    expect(replayFrom).toBeNull();
  });

  it('keeps streaming and asks for the missing tail when the text held stops before lastSeq', () => {
    const before = conversation([question, streaming], { stream: following('a1', 2) });

    const { conversation: after, replayFrom } = applyMessageEnd(before, messageEnd('a1', 5));

    expect(after.messages[1]).toBe(streaming);
    expect(after.stream).toEqual(following('a1', 2, true));
    expect(after.status).toBe('streaming');
    expect(replayFrom).toEqual({ conversationId: 'c1', messageId: 'a1', lastSeq: 2 });
  });

  it('returns the same conversation for an end already applied', () => {
    const once = applyMessageEnd(conversation([question, streaming], { stream: following('a1', 2) }), messageEnd('a1', 2));

    const twice = applyMessageEnd(once.conversation, messageEnd('a1', 2));

    expect(twice.conversation).toBe(once.conversation);
    expect(twice.replayFrom).toBeNull();
  });

  it('leaves the followed newer stream alone when an older reply ends late', () => {
    const older = assistantMessage('a1', 'ab', 2, { index: 1 });
    const newer = assistantMessage('a3', 'x', 1, { index: 3 });
    const before = conversation([question, older, newer], { stream: following('a3', 1) });

    const { conversation: after } = applyMessageEnd(before, messageEnd('a1', 2));

    expect(after.messages[1]).toMatchObject({ status: 'complete' });
    expect(after.stream).toBe(before.stream);
    expect(after.status).toBe('streaming');
  });

  it('does not let an older reply that ends late overwrite how the newest one ended', () => {
    const older = assistantMessage('a1', 'ab', 2, { index: 1 });
    const newest = assistantMessage('a3', 'x', 1, { index: 3, status: 'error' });
    const before = conversation([question, older, newest], { status: 'errored' });

    const { conversation: after } = applyMessageEnd(before, messageEnd('a1', 2));

    expect(after.status).toBe('errored');
  });

  it('shows a reply it never heard of that ended empty', () => {
    const { conversation: after } = applyMessageEnd(conversation([question]), messageEnd('a1', 0, 'error'));

    expect(after.messages[1]).toEqual({ id: 'a1', role: 'assistant', text: '', parts: [], status: 'error', createdAt: 0, seq: 0 });
    expect(after.status).toBe('errored');
  });

  it('asks for the whole text of a reply it never heard of that ended with chunks', () => {
    const { conversation: after, replayFrom } = applyMessageEnd(conversation([question]), messageEnd('a1', 3));

    expect(after.messages[1]).toMatchObject({ id: 'a1', status: 'streaming', seq: 0 });
    expect(replayFrom).toEqual({ conversationId: 'c1', messageId: 'a1', lastSeq: 0 });
  });
});
