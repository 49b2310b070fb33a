import { partsOfText } from '../../merge/messageParts.ts';
import type { ConversationState, OutboxEntry } from '../../model/conversation.ts';
import type { ChatMessage } from '../../model/message.ts';

/** `count` acknowledged history messages, alternating user and assistant. */
export function historyOf(conversationId: string, count: number): ChatMessage[] {
  return Array.from({ length: count }, (_, index): ChatMessage => {
    const role = index % 2 === 0 ? 'user' : 'assistant';
    const text = `history message ${index} of ${conversationId}, long enough to weigh something if it leaked`;
    const base = {
      id: `${conversationId}-h${index}`,
      role,
      text,
      parts: partsOfText(text),
      status: 'complete',
      createdAt: 1_600_000_000_000 + index,
      index,
    } as const;
    return role === 'assistant' ? { ...base, seq: 3 } : base;
  });
}

/** A conversation whose assistant message `messageId` is streaming with `text` up to `seq`. */
export function streamingConversation(
  conversationId: string,
  options: { messageId: string; text: string; seq: number; history?: number },
): ConversationState {
  const history = historyOf(conversationId, options.history ?? 2);
  const streaming: ChatMessage = {
    id: options.messageId,
    role: 'assistant',
    text: options.text,
    parts: partsOfText(options.text),
    status: 'streaming',
    createdAt: 1_700_000_000_500,
    seq: options.seq,
    index: history.length,
  };
  return {
    conversationId,
    messages: [...history, streaming],
    status: 'streaming',
    loaded: true,
    stream: { messageId: options.messageId, lastSeq: options.seq, awaitingReplay: false },
  };
}

/** A loaded conversation with nothing generating. */
export function idleConversation(conversationId: string, history = 2): ConversationState {
  return { conversationId, messages: historyOf(conversationId, history), status: 'idle', loaded: true, stream: null };
}

export function outboxEntry(conversationId: string, messageId: string, text: string): OutboxEntry {
  return { conversationId, messageId, text, createdAt: 1_700_000_001_000 };
}
