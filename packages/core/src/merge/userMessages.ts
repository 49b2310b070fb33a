/** A user's message from typed (pending, in the outbox) to stored by the server (acked). */
import type { ConversationState, OutboxEntry } from '../model/conversation.ts';
import type { ChatMessage } from '../model/message.ts';
import type { AckFrame } from '../protocol/frames.ts';
import { partsOfUserMessage } from './messageParts.ts';
import { nextConversation, orderMessages, positionOf, replaceMessage } from './conversationUpdates.ts';

/**
 * Shows a message the user just typed, as `pending`, after every other message, until its ack.
 * Idempotent by id: adding an entry already held (restored from storage, or already acked)
 * returns the same conversation. An entry of another conversation is ignored.
 */
export function addPendingMessage(conversation: ConversationState, entry: OutboxEntry): ConversationState {
  if (entry.conversationId !== conversation.conversationId) return conversation;
  if (positionOf(conversation.messages, entry.messageId) !== -1) return conversation;
  return nextConversation(conversation, { messages: [...conversation.messages, pendingMessage(entry)] });
}

/** The message a pending outbox entry shows as. */
export function pendingMessage(entry: OutboxEntry): ChatMessage {
  return {
    id: entry.messageId,
    role: 'user',
    text: entry.text,
    parts: partsOfUserMessage(entry.text, entry.files),
    status: 'pending',
    createdAt: entry.createdAt,
  };
}

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
