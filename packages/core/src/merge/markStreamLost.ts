import type { ConversationState } from '../model/conversation.ts';
import { nextConversation } from './nextConversation.ts';
import { positionOf } from './positionOf.ts';
import { replaceMessage } from './replaceMessage.ts';
import { settledStatus } from './settledStatus.ts';

/**
 * The server no longer knows this stream (it restarted with an in-memory store, or the stream
 * ended past its retention): the reply becomes `interrupted` with the text it has; when it was
 * the followed stream, the stream is cleared and the conversation becomes `idle`. An explicit
 * end instead of a spinner that never stops; the next history load, `message_start` or chunk
 * overrides it. A reply that already ended is left as it is.
 */
export function markStreamLost(conversation: ConversationState, messageId: string): ConversationState {
  const { messages, stream } = conversation;
  const held = messages[positionOf(messages, messageId)];
  const nextMessages =
    held !== undefined && held.status === 'streaming'
      ? replaceMessage(messages, { ...held, status: 'interrupted' })
      : messages;
  if (stream?.messageId !== messageId) return nextConversation(conversation, { messages: nextMessages });
  return nextConversation(conversation, {
    messages: nextMessages,
    stream: null,
    status: settledStatus(nextMessages, conversation.status),
  });
}
