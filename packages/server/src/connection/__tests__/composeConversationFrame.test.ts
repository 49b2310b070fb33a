import type { HistoryMessage, ServerFrame } from '@rejoin/core/protocol';
import { describe, expect, it } from 'vitest';
import { composeConversationFrame } from '../composeConversationFrame.ts';

const question: HistoryMessage = { id: 'q', role: 'user', text: 'Why?', status: 'complete', createdAt: 1, replyTo: 'a' };
const streaming: HistoryMessage = { id: 'a', role: 'assistant', text: '', status: 'streaming', createdAt: 2, seq: 0 };
const chunk = (messageId: string, seq: number, text: string): ServerFrame => ({
  type: 'chunk',
  conversationId: 'c',
  messageId,
  seq,
  text,
});

describe('composeConversationFrame', () => {
  it('folds the held chunks of the streaming message into its text and names the active stream', () => {
    const held = [chunk('a', 1, 'Be'), chunk('a', 2, 'cause')];
    const { frame, rest, settled } = composeConversationFrame('c', [question, streaming], held, new Set());
    expect(frame).toEqual({
      type: 'conversation',
      conversationId: 'c',
      status: 'streaming',
      messages: [question, { ...streaming, text: 'Because', seq: 2 }],
      activeStream: { messageId: 'a', lastSeq: 2 },
    });
    expect(rest).toEqual([]);
    expect(settled).toEqual(['q']);
  });

  it('finishes the message when its end was held too', () => {
    const held: ServerFrame[] = [
      chunk('a', 1, 'Done'),
      { type: 'message_end', conversationId: 'c', messageId: 'a', finishReason: 'stopped', lastSeq: 1 },
    ];
    const { frame, settled } = composeConversationFrame('c', [question, streaming], held, new Set());
    expect(frame.activeStream).toBeNull();
    expect(frame.status).toBe('idle');
    expect(frame.messages[1]).toMatchObject({ text: 'Done', seq: 1, status: 'stopped' });
    expect(settled).toContain('a');
  });

  it('passes through, in order, the frames of a reply that started after the snapshot', () => {
    const complete: HistoryMessage = { ...streaming, text: 'Old', status: 'complete', seq: 1 };
    const held: ServerFrame[] = [
      { type: 'message_start', conversationId: 'c', messageId: 'b', replyTo: 'q2', index: 3, createdAt: 5 },
      chunk('b', 1, 'New'),
    ];
    const { frame, rest } = composeConversationFrame('c', [question, complete], held, new Set());
    expect(frame.messages).toEqual([question, complete]);
    expect(rest).toEqual(held);
  });

  it('shows a streaming message whose stream is lost as an error', () => {
    const { frame } = composeConversationFrame('c', [question, streaming], [], new Set(['a']));
    expect(frame.messages[1]).toMatchObject({ status: 'error' });
    expect(frame).toMatchObject({ status: 'errored', activeStream: null });
  });

  it('ignores duplicate and out-of-order held chunks beyond the contiguous run', () => {
    const held = [chunk('a', 1, 'x'), chunk('a', 1, 'x'), chunk('a', 3, 'z')];
    const { frame } = composeConversationFrame('c', [question, streaming], held, new Set());
    expect(frame.messages[1]).toMatchObject({ text: 'x', seq: 1 });
    expect(frame.activeStream).toEqual({ messageId: 'a', lastSeq: 1 });
  });
});
