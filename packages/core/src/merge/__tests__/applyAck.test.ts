import { describe, expect, it } from 'vitest';
import { applyAck } from '../userMessages.ts';
import { ack, assistantMessage, conversation, userMessage } from './builders.ts';

const question = userMessage('u1', 'Hi?', { index: 0 });
const answer = assistantMessage('a1', 'Hello', 2, { index: 1, status: 'complete' });

describe('applyAck', () => {
  it('turns the pending message into a complete one with the server index and createdAt', () => {
    const pending = userMessage('u2', 'More?', { status: 'pending', createdAt: 4000 });
    const before = conversation([question, answer, pending]);

    const after = applyAck(before, ack('u2', 2, 5000));

    expect(after.messages[2]).toEqual({ id: 'u2', role: 'user', text: 'More?', parts: [{ type: 'text', text: 'More?' }], status: 'complete', createdAt: 5000, index: 2 });
    expect(after.messages[0]).toBe(question);
    expect(after.messages[1]).toBe(answer);
  });

  it('moves the acknowledged message before the messages still pending', () => {
    const first = userMessage('u2', 'first', { status: 'pending' });
    const second = userMessage('u3', 'second', { status: 'pending' });
    const before = conversation([question, answer, first, second]);

    const after = applyAck(before, ack('u3', 2));

    expect(after.messages.map((m) => [m.id, m.status])).toEqual([
      ['u1', 'complete'],
      ['a1', 'complete'],
      ['u3', 'complete'],
      ['u2', 'pending'],
    ]);
  });

  it('adds nothing for a message typed in another tab', () => {
    const before = conversation([question, answer]);

    expect(applyAck(before, ack('elsewhere', 2))).toBe(before);
  });

  it('returns the same conversation for a repeated ack', () => {
    const once = applyAck(conversation([question, userMessage('u2', 'x', { status: 'pending' })]), ack('u2', 1));

    expect(applyAck(once, { ...ack('u2', 1), duplicate: true })).toBe(once);
  });
});
