import { describe, expect, it } from 'vitest';
import type { ConversationState } from '../../model/conversation.ts';
import { recordFromState } from '../recordFromState.ts';
import { idleConversation, outboxEntry, streamingConversation } from './buildState.ts';

const NOW = 1_700_000_002_000;

function stateWith(conversations: Record<string, ConversationState>, outbox = [outboxEntry('c1', 'u9', 'and then?')]) {
  return { namespace: 'alice', now: NOW, openConversationId: 'c1', conversations, outbox };
}

describe('recordFromState', () => {
  it('records every followed stream with the text and seq of its message', () => {
    const record = recordFromState(
      stateWith({
        c1: streamingConversation('c1', { messageId: 'a1', text: 'Once upon', seq: 2 }),
        c2: idleConversation('c2'),
        c3: streamingConversation('c3', { messageId: 'a3', text: 'Dear', seq: 1 }),
      }),
    );
    expect(record).toEqual({
      format: 'rejoin/snapshot',
      v: 4,
      namespace: 'alice',
      savedAt: NOW,
      openConversationId: 'c1',
      streams: [
        { conversationId: 'c1', messageId: 'a1', lastSeq: 2, text: 'Once upon', createdAt: 1_700_000_000_500 },
        { conversationId: 'c3', messageId: 'a3', lastSeq: 1, text: 'Dear', createdAt: 1_700_000_000_500 },
      ],
      outbox: [outboxEntry('c1', 'u9', 'and then?')],
      approvals: [],
    });
  });

  it("takes the cursor from the message, not from the stream's lastSeq", () => {
    // The stream's cursor may run ahead of the text the message holds; the record keeps them together.
    const conversation = streamingConversation('c1', { messageId: 'a1', text: 'Once upon', seq: 2 });
    const ahead = { ...conversation, stream: { messageId: 'a1', lastSeq: 5, awaitingReplay: true } };
    const [stream] = recordFromState(stateWith({ c1: ahead })).streams;
    expect(stream).toMatchObject({ lastSeq: 2, text: 'Once upon' });
  });

  it('records a cursor of 0 and no text when the streaming message is not there yet', () => {
    const announced: ConversationState = {
      ...idleConversation('c1'),
      status: 'streaming',
      stream: { messageId: 'a1', lastSeq: 7, awaitingReplay: false },
    };
    const [stream] = recordFromState(stateWith({ c1: announced })).streams;
    expect(stream).toEqual({ conversationId: 'c1', messageId: 'a1', lastSeq: 0, text: '', createdAt: NOW });
  });

  it('records no text for a message without a seq, so a replay from 0 cannot double it', () => {
    const conversation = streamingConversation('c1', { messageId: 'a1', text: 'stale', seq: 1 });
    const messages = conversation.messages.map(({ seq: _seq, ...message }) => message);
    const [stream] = recordFromState(stateWith({ c1: { ...conversation, messages } })).streams;
    expect(stream).toMatchObject({ lastSeq: 0, text: '' });
  });

  it('records the acknowledged user message right above the reply, so a reload shows the question first', () => {
    // Odd history: the last message before the reply is the user's (h2, index 2).
    const conversation = streamingConversation('c1', { messageId: 'a1', text: 'Once upon', seq: 2, history: 3 });
    const [stream] = recordFromState(stateWith({ c1: conversation })).streams;
    const asked = conversation.messages[2]!;
    expect(stream?.question).toEqual({ messageId: asked.id, text: asked.text, createdAt: asked.createdAt, index: 2 });
  });

  it('records no question when the message above the reply is another reply, a pending message or missing', () => {
    const afterReply = streamingConversation('c1', { messageId: 'a1', text: 'x', seq: 1, history: 2 });
    const alone = streamingConversation('c2', { messageId: 'a2', text: 'x', seq: 1, history: 0 });
    const three = streamingConversation('c3', { messageId: 'a3', text: 'x', seq: 1, history: 3 });
    // The outbox carries a pending message already; the record must not hold it twice.
    const pendingAbove = {
      ...three,
      messages: three.messages.map((message, position) =>
        position === 2 ? { ...message, status: 'pending' as const, index: undefined } : message,
      ) as ConversationState['messages'],
    };
    const streams = recordFromState(stateWith({ c1: afterReply, c2: alone, c3: pendingAbove })).streams;
    expect(streams.map((stream) => stream.question)).toEqual([undefined, undefined, undefined]);
  });

  it('copies only the known fields of outbox entries', () => {
    const entry = { ...outboxEntry('c1', 'u9', 'hi'), attempts: 3 };
    const record = recordFromState(stateWith({}, [entry]));
    expect(record.outbox).toEqual([outboxEntry('c1', 'u9', 'hi')]);
  });

  it('persists the same number of bytes for 10, 100 or 1000 history messages', () => {
    const sizes = [10, 100, 1000].map((history) => {
      const record = recordFromState(
        stateWith({ c1: streamingConversation('c1', { messageId: 'a1', text: 'partial reply', seq: 4, history }) }),
      );
      return JSON.stringify(record).length;
    });
    console.log(`persisted record size for 10/100/1000 history messages: ${sizes.join(' / ')} characters`);
    expect(new Set(sizes).size).toBe(1);
    expect(sizes[0]).toBeLessThan(600);
  });
});
