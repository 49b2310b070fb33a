import type { ConversationState } from '../model/conversation.ts';
import type { AckFrame } from '../protocol/frames.ts';
import { nextConversation } from './nextConversation.ts';
import { orderMessages } from './orderMessages.ts';
import { positionOf } from './positionOf.ts';
import { replaceMessage } from './replaceMessage.ts';

/**
 * The server stored a user message: the pending message with that id becomes `complete`, with
 * the server's `index` and `createdAt`, and moves among the acknowledged messages by index
 * (pending ones stay after them, in the order typed).
 *
 * An ack for a message this client does not hold (typed in another tab) adds nothing: its text
 * is not in the frame, and the next history load brings it. A repeated ack (`duplicate`, or a
 * resend after reconnect) changes nothing and returns the same conversation.
 */
export function applyAck(conversation: ConversationState, ack: AckFrame): ConversationState {
  if (ack.conversationId !== conversation.conversationId) return conversation;
  const { messages } = conversation;
  const held = messages[positionOf(messages, ack.messageId)];
  if (held === undefined || held.role !== 'user') return conversation;
  if (held.status === 'complete' && held.index === ack.index && held.createdAt === ack.createdAt) return conversation;
  const acked = { ...held, status: 'complete' as const, index: ack.index, createdAt: ack.createdAt };
  return nextConversation(conversation, { messages: orderMessages(replaceMessage(messages, acked)) });
}
