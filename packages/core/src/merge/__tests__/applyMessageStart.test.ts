import { describe, expect, it } from 'vitest';
import { applyMessageStart } from '../replyStream.ts';
import {
  assistantMessage,
  conversation,
  following,
  messageStart,
  userMessage,
} from './builders.ts';

const question = userMessage('u1', 'Hi?', { index: 0 });

describe('applyMessageStart', () => {
  it('adds an empty streaming reply at its index and follows its stream from seq 0', () => {
    const after = applyMessageStart(conversation([question]), messageStart('a1', 1, 3000));

    expect(after.messages[1]).toEqual({
      id: 'a1',
      role: 'assistant',
      text: '',
      parts: [],
      status: 'streaming',
      createdAt: 3000,
      seq: 0,
      index: 1,
    });
    expect(after.stream).toEqual(following('a1', 0));
    expect(after.status).toBe('streaming');
  });

  it('returns the same conversation when the start is replayed', () => {
    const once = applyMessageStart(conversation([question]), messageStart('a1', 1));

    expect(applyMessageStart(once, messageStart('a1', 1))).toBe(once);
  });

  it('places a reply created by its chunks at its index, keeping its text and seq', () => {
    const pending = userMessage('u2', 'And?', { status: 'pending' });
    const early = assistantMessage('a1', 'Hel', 1, { createdAt: 0 });
    const before = conversation([question, pending, early], { stream: following('a1', 1) });

    const after = applyMessageStart(before, messageStart('a1', 1, 3000));

    expect(after.messages.map((m) => m.id)).toEqual(['u1', 'a1', 'u2']);
    expect(after.messages[1]).toMatchObject({ text: 'Hel', seq: 1, index: 1, createdAt: 3000 });
    expect(after.messages[2]).toBe(pending);
    expect(after.stream).toBe(before.stream);
  });

  it('keeps a followed stream awaiting its replay', () => {
    const before = conversation([question, assistantMessage('a1', 'Hel', 1, { index: 1 })], {
      stream: following('a1', 1, true),
    });

    expect(applyMessageStart(before, messageStart('a1', 1)).stream).toEqual(following('a1', 1, true));
  });

  it('revives an interrupted reply that the server announces again', () => {
    const before = conversation([question, assistantMessage('a1', 'Hel', 1, { index: 1, status: 'interrupted' })]);

    const after = applyMessageStart(before, messageStart('a1', 1));

    expect(after.messages[1]).toMatchObject({ text: 'Hel', status: 'streaming' });
    expect(after.stream).toEqual(following('a1', 1));
  });

  it('does not reopen a reply that already ended', () => {
    const before = conversation([question, assistantMessage('a1', 'Hello', 2, { status: 'complete', index: 1 })]);

    const after = applyMessageStart(before, messageStart('a1', 1));

    expect(after).toBe(before);
    expect(after.stream).toBeNull();
  });
});
