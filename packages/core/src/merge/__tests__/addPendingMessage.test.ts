import { describe, expect, it } from 'vitest';
import { addPendingMessage } from '../userMessages.ts';
import { assistantMessage, conversation, outboxEntry, userMessage } from './builders.ts';

describe('addPendingMessage', () => {
  it('shows the typed message as pending after every other message', () => {
    const before = conversation([userMessage('u1', 'Hi?', { index: 0 }), assistantMessage('a1', 'He', 1)]);

    const after = addPendingMessage(before, outboxEntry('u2', 'More?', 4000));

    expect(after.messages[2]).toEqual({ id: 'u2', role: 'user', text: 'More?', parts: [{ type: 'text', text: 'More?' }], status: 'pending', createdAt: 4000 });
    expect(after.messages[0]).toBe(before.messages[0]);
  });

  it('returns the same conversation when the id is already held', () => {
    const once = addPendingMessage(conversation([]), outboxEntry('u1', 'Hi?'));

    expect(addPendingMessage(once, outboxEntry('u1', 'Hi?'))).toBe(once);
  });

  it('ignores an entry of another conversation', () => {
    const before = conversation([]);

    expect(addPendingMessage(before, { ...outboxEntry('u1', 'Hi?'), conversationId: 'other' })).toBe(before);
  });
});
