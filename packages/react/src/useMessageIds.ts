import { selectMessageIds, shallowEqual } from '@rejoin/core';
import { useChatSelector } from './useChatSelector.ts';

/**
 * The conversation's message ids, for a list that renders one `useMessage` row per id. Compared
 * item by item, so a chunk (same ids) does not re-render the list; a new message does.
 */
export function useMessageIds(conversationId: string): readonly string[] {
  return useChatSelector((snapshot) => selectMessageIds(snapshot, conversationId), shallowEqual);
}
