import { describe, expect, it } from 'vitest';
import { resumeCursors } from '../replyStream.ts';
import { assistantMessage, conversation, following, userMessage } from './builders.ts';

describe('resumeCursors', () => {
  it('gives one cursor per streaming reply, at the last seq held, including one whose end was lost', () => {
    const state = conversation(
      [
        userMessage('u1', 'Hi?', { index: 0 }),
        assistantMessage('a1', 'ab', 2, { index: 1 }),
        assistantMessage('a2', 'done', 4, { index: 2, status: 'complete' }),
        assistantMessage('a3', 'x', 1, { index: 3 }),
        assistantMessage('a4', 'lost', 1, { index: 4, status: 'interrupted' }),
      ],
      { stream: following('a3', 1) },
    );

    expect(resumeCursors(state)).toEqual([
      { conversationId: 'c1', messageId: 'a1', lastSeq: 2 },
      { conversationId: 'c1', messageId: 'a3', lastSeq: 1 },
    ]);
  });
});
