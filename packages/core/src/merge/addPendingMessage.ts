import type { ConversationState, OutboxEntry } from '../model/conversation.ts';
import type { ChatMessage } from '../model/message.ts';
import { nextConversation } from './nextConversation.ts';
import { positionOf } from './positionOf.ts';

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
  return { id: entry.messageId, role: 'user', text: entry.text, status: 'pending', createdAt: entry.createdAt };
}
