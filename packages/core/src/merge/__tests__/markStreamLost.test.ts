import { describe, expect, it } from 'vitest';
import { markStreamLost } from '../replyStream.ts';
import { assistantMessage, conversation, following, userMessage } from './builders.ts';

const question = userMessage('u1', 'Hi?', { index: 0 });

describe('markStreamLost', () => {
  it('marks the reply interrupted with the text it has, clears the stream and idles the conversation', () => {
    const before = conversation([question, assistantMessage('a1', 'Hel', 1, { index: 1 })], { stream: following('a1', 1) });

    const after = markStreamLost(before, 'a1');

    expect(after.messages[1]).toMatchObject({ text: 'Hel', status: 'interrupted' });
    expect(after.messages[0]).toBe(question);
    expect(after.stream).toBeNull();
    expect(after.status).toBe('idle');
  });

  it('leaves a reply that already ended as it is', () => {
    const before = conversation([question, assistantMessage('a1', 'Hello', 2, { index: 1, status: 'complete' })]);

    expect(markStreamLost(before, 'a1')).toBe(before);
  });

  it('keeps following another stream when an older one is lost', () => {
    const before = conversation(
      [assistantMessage('a1', 'a', 1, { index: 1 }), assistantMessage('a3', 'x', 1, { index: 3 })],
      { stream: following('a3', 1) },
    );

    const after = markStreamLost(before, 'a1');

    expect(after.messages[0]).toMatchObject({ status: 'interrupted' });
    expect(after.stream).toBe(before.stream);
    expect(after.status).toBe('streaming');
  });
});
