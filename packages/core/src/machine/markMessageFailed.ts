import type { ConversationState } from '../model/conversation.ts';

/** A user message that will never be delivered (refused by the server, or too large to send) shows as `error`. */
export function markMessageFailed(conversation: ConversationState, messageId: string): ConversationState {
  return {
    ...conversation,
    messages: conversation.messages.map((message) =>
      message.id === messageId ? { ...message, status: 'error' as const } : message,
    ),
  };
}
