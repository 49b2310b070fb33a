import { describe, expect, it } from 'vitest';
import { emptyConversation } from '../../model/conversation.ts';
import { mergeHistory } from '../mergeHistory.ts';
import {
  assistantMessage,
  CONVERSATION_ID,
  conversation,
  following,
  historyAssistant,
  historyFrame,
  historyUser,
  outboxEntry,
  userMessage,
} from './builders.ts';

describe('mergeHistory', () => {
  it('takes the server history in its order, indexed by position, with the frame status', () => {
    const frame = historyFrame(
      [historyUser('u1', 'Hi?'), historyAssistant('a1', 'Hello', 2), historyUser('u2', 'More?')],
      null,
      'errored',
    );

    const after = mergeHistory(emptyConversation(CONVERSATION_ID), frame, []);

    expect(after.messages.map((m) => [m.id, m.index, m.status])).toEqual([
      ['u1', 0, 'complete'],
      ['a1', 1, 'complete'],
      ['u2', 2, 'complete'],
    ]);
    expect(after.status).toBe('errored');
    expect(after.loaded).toBe(true);
    expect(after.stream).toBeNull();
  });

  it('keeps the longer local text of a streaming reply received after the snapshot was taken', () => {
    const local = conversation([userMessage('u1', 'Hi?', { index: 0 }), assistantMessage('a1', 'Hello wor', 3, { index: 1 })], {
      stream: following('a1', 3),
    });
    const frame = historyFrame(
      [historyUser('u1', 'Hi?'), historyAssistant('a1', 'Hel', 1, 'streaming')],
      { messageId: 'a1', lastSeq: 1 },
    );

    const after = mergeHistory(local, frame, []);

    expect(after.messages[1]).toBe(local.messages[1]);
    expect(after.stream).toEqual(following('a1', 3));
    expect(after.status).toBe('streaming');
  });

  it("takes the server's text when the server holds more of the stream, and follows it from there", () => {
    const local = conversation([userMessage('u1', 'Hi?', { index: 0 }), assistantMessage('a1', 'Hel', 1, { index: 1 })], {
      stream: following('a1', 1, true),
    });
    const frame = historyFrame(
      [historyUser('u1', 'Hi?'), historyAssistant('a1', 'Hello wor', 3, 'streaming')],
      { messageId: 'a1', lastSeq: 3 },
    );

    const after = mergeHistory(local, frame, []);

    expect(after.messages[1]).toMatchObject({ text: 'Hello wor', seq: 3, status: 'streaming' });
    expect(after.messages[0]).toBe(local.messages[0]);
    expect(after.stream).toEqual(following('a1', 3));
  });

  it('shows an acknowledged optimistic message once, as the history message', () => {
    const local = conversation([userMessage('u1', 'Hi?', { status: 'pending', createdAt: 4000 })], { loaded: false });
    const frame = historyFrame([historyUser('u1', 'Hi?')]);

    const after = mergeHistory(local, frame, [outboxEntry('u1', 'Hi?')]);

    expect(after.messages).toEqual([{ id: 'u1', role: 'user', text: 'Hi?', parts: [{ type: 'text', text: 'Hi?' }], status: 'complete', createdAt: 1000, index: 0 }]);
  });

  it('shows a message once even when the history repeats its id', () => {
    const frame = historyFrame([historyUser('u1', 'Hi?'), historyAssistant('a1', 'Hello', 2), historyUser('u1', 'Hi?')]);

    const after = mergeHistory(emptyConversation(CONVERSATION_ID), frame, [outboxEntry('u1', 'Hi?')]);

    expect(after.messages.map((m) => m.id)).toEqual(['u1', 'a1']);
  });

  it('appends the outbox entries the history does not hold as pending, in outbox order', () => {
    const frame = historyFrame([historyUser('u1', 'Hi?'), historyAssistant('a1', 'Hello', 2)]);

    const after = mergeHistory(emptyConversation(CONVERSATION_ID), frame, [
      outboxEntry('u3', 'third'),
      { ...outboxEntry('x', 'elsewhere'), conversationId: 'other' },
      outboxEntry('u2', 'second'),
    ]);

    expect(after.messages.map((m) => [m.id, m.status])).toEqual([
      ['u1', 'complete'],
      ['a1', 'complete'],
      ['u3', 'pending'],
      ['u2', 'pending'],
    ]);
  });

  it('drops a pending message that is no longer in the outbox', () => {
    const local = conversation([userMessage('u9', 'cancelled', { status: 'pending' })]);

    const after = mergeHistory(local, historyFrame([historyUser('u1', 'Hi?')]), []);

    expect(after.messages.map((m) => m.id)).toEqual(['u1']);
  });

  it('lets the server win when a reply followed here has finished on the server', () => {
    const local = conversation([userMessage('u1', 'Hi?', { index: 0 }), assistantMessage('a1', 'Hel', 1, { index: 1 })], {
      stream: following('a1', 1),
    });
    const frame = historyFrame([historyUser('u1', 'Hi?'), historyAssistant('a1', 'Hello', 2, 'stopped')]);

    const after = mergeHistory(local, frame, []);

    expect(after.messages[1]).toMatchObject({ text: 'Hello', status: 'stopped', seq: 2 });
    expect(after.stream).toBeNull();
    expect(after.status).toBe('idle');
  });

  it('never reopens a reply that ended here when an older snapshot still shows it streaming', () => {
    const local = conversation([
      userMessage('u1', 'Hi?', { index: 0 }),
      assistantMessage('a1', 'Hello', 2, { index: 1, status: 'error' }),
    ]);
    const frame = historyFrame([historyUser('u1', 'Hi?'), historyAssistant('a1', 'Hel', 1, 'streaming')], {
      messageId: 'a1',
      lastSeq: 1,
    });

    const after = mergeHistory(local, frame, []);

    expect(after.messages[1]).toMatchObject({ text: 'Hello', status: 'error' });
    expect(after.stream).toBeNull();
    expect(after.status).toBe('errored');
  });

  it('keeps what was acknowledged or started after an older snapshot was taken', () => {
    const local = conversation(
      [
        userMessage('u1', 'Hi?', { index: 0 }),
        assistantMessage('a1', 'Hello', 2, { index: 1, status: 'complete' }),
        userMessage('u2', 'More?', { index: 2 }),
        assistantMessage('a2', 'Su', 1, { index: 3 }),
      ],
      { stream: following('a2', 1) },
    );
    const frame = historyFrame([historyUser('u1', 'Hi?'), historyAssistant('a1', 'He', 1, 'streaming')], {
      messageId: 'a1',
      lastSeq: 1,
    });

    const after = mergeHistory(local, frame, []);

    expect(after.messages).toEqual(local.messages);
    expect(after.stream).toBe(local.stream);
    expect(after.status).toBe('streaming');
  });

  it('returns the same conversation when the same history is merged again', () => {
    const frame = historyFrame(
      [historyUser('u1', 'Hi?'), historyAssistant('a1', 'Hel', 1, 'streaming')],
      { messageId: 'a1', lastSeq: 1 },
    );
    const once = mergeHistory(emptyConversation(CONVERSATION_ID), frame, [outboxEntry('u2', 'More?')]);

    expect(mergeHistory(once, frame, [outboxEntry('u2', 'More?')])).toBe(once);
  });

  it('keeps the identity of every message the history does not change', () => {
    const local = conversation([
      userMessage('u1', 'Hi?', { index: 0 }),
      assistantMessage('a1', 'Hello', 2, { index: 1, createdAt: 2000, status: 'complete' }),
      userMessage('u2', 'More?', { status: 'pending' }),
    ]);
    const frame = historyFrame([historyUser('u1', 'Hi?'), historyAssistant('a1', 'Hello', 2), historyUser('u2', 'More?')]);

    const after = mergeHistory(local, frame, []);

    expect(after.messages[0]).toBe(local.messages[0]);
    expect(after.messages[1]).toBe(local.messages[1]);
    expect(after.messages[2]).toMatchObject({ id: 'u2', status: 'complete', index: 2 });
  });
});
