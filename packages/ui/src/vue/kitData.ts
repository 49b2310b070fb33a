import type { ChatMessage, ConversationListItem, MessagePart } from '@rejoin/core';

/**
 * The fields of a message the kit shows; a core `ChatMessage` fits as is. `parts` is optional so a
 * text-only message (or a client before protocol v2) still fits.
 */
export type MessageData = Pick<ChatMessage, 'id' | 'role' | 'text' | 'status'> & { readonly parts?: readonly MessagePart[] };

/** A message typed but not sent yet (in the client's outbox). */
export interface PendingMessage {
  readonly id: string;
  readonly text: string;
}

/** The fields of a conversation the list shows; a core `ConversationListItem` fits as is. */
export type ConversationEntry = Pick<ConversationListItem, 'conversationId' | 'title' | 'streaming'>;
