import type { ChatMessage, ConversationListItem } from '@rejoin/core';

/** The fields of a message the kit shows; a core `ChatMessage` fits as is. */
export type MessageData = Pick<ChatMessage, 'id' | 'role' | 'text' | 'status'>;

/** A message typed but not sent yet (in the client's outbox). */
export interface PendingMessage {
  readonly id: string;
  readonly text: string;
}

/** The fields of a conversation the list shows; a core `ConversationListItem` fits as is. */
export type ConversationEntry = Pick<ConversationListItem, 'conversationId' | 'title' | 'streaming'>;
