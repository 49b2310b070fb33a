import type { ConversationFrame, HistoryMessage } from '@rejoin/core/protocol';
import { describe, expect, it } from 'vitest';
import { fitConversationFrame } from '../fitConversationFrame.ts';

const message = (id: string, text: string): HistoryMessage => ({ id, role: 'user', text, status: 'complete', createdAt: 1 });
const frameOf = (messages: HistoryMessage[]): ConversationFrame => ({
  type: 'conversation',
  conversationId: 'c',
  status: 'idle',
  messages,
  activeStream: null,
});

describe('fitConversationFrame', () => {
  it('returns a frame that fits unchanged', () => {
    const frame = frameOf([message('a', 'short')]);
    expect(fitConversationFrame(frame, 10_000)).toBe(frame);
  });

  it('drops the oldest messages until the frame fits in the byte budget', () => {
    const frame = frameOf(['a', 'b', 'c', 'd'].map((id) => message(id, 'é'.repeat(100))));
    const fitted = fitConversationFrame(frame, 700);
    expect(Buffer.byteLength(JSON.stringify(fitted))).toBeLessThanOrEqual(700);
    expect(fitted.messages.map((kept) => kept.id)).toEqual(['c', 'd']);
  });

  it('keeps the newest message even when it alone is too large', () => {
    const fitted = fitConversationFrame(frameOf([message('a', 'x'), message('b', 'y'.repeat(500))]), 100);
    expect(fitted.messages.map((kept) => kept.id)).toEqual(['b']);
  });
});
