import { selectMessage, type ChatMessage } from '@rejoin/core';
import { useChatSelector } from './useChatSelector.ts';

/**
 * One message, for a row: the row re-renders only when this message changes (a chunk makes a new
 * object for the streaming message alone), so the other rows stay put while a reply streams.
 */
export function useMessage(conversationId: string, messageId: string): ChatMessage | undefined {
  return useChatSelector((snapshot) => selectMessage(snapshot, conversationId, messageId));
}
