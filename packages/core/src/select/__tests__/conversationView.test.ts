import { describe, expect, it } from 'vitest';
import type { ChatSnapshot } from '../../machine/chatMachine.ts';
import type { ChatMessage } from '../../model/message.ts';
import { selectMessage } from '../conversationView.ts';

function message(index: number): ChatMessage {
  return { id: `m${index}`, role: index % 2 === 0 ? 'user' : 'assistant', text: `text ${index}`, status: 'complete' } as ChatMessage;
}

/** A snapshot whose message list counts how many of its items are read. */
function countingSnapshot(count: number) {
  const messages = Array.from({ length: count }, (_, index) => message(index));
  let reads = 0;
  const counted = new Proxy(messages, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
      return Reflect.get(target, key, receiver);
    },
  });
  const snapshot = { context: { conversations: { c1: { messages: counted } } } } as unknown as ChatSnapshot;
  return { snapshot, messages, reads: () => reads };
}

describe('selectMessage', () => {
  it('finds every row of a long conversation in time linear in its length, not rows × rows', () => {
    const rows = 400;
    const { snapshot, messages, reads } = countingSnapshot(rows);
    for (let index = 0; index < rows; index += 1) {
      expect(selectMessage(snapshot, 'c1', `m${index}`)).toBe(messages[index]);
    }
    // One pass to index the list; a `.find` per row would read about rows² / 2 = 80,000 items.
    expect(reads()).toBeLessThanOrEqual(2 * rows);
  });

  it('returns the same message object until that message changes, and undefined for an unknown id', () => {
    const { snapshot, messages } = countingSnapshot(3);
    expect(selectMessage(snapshot, 'c1', 'm1')).toBe(selectMessage(snapshot, 'c1', 'm1'));
    expect(selectMessage(snapshot, 'c1', 'nope')).toBeUndefined();
    expect(selectMessage(snapshot, 'other', 'm1')).toBeUndefined();
    const changed = { ...messages[1]!, text: 'changed' };
    const next = { context: { conversations: { c1: { messages: [messages[0], changed, messages[2]] } } } } as unknown as ChatSnapshot;
    expect(selectMessage(next, 'c1', 'm1')).toBe(changed);
    expect(selectMessage(next, 'c1', 'm0')).toBe(messages[0]);
  });
});
