import { selectConversationList, shallowEqualItems, type ConversationListItem } from '@rejoin/core';
import { useChatSelector } from './useChatSelector.ts';

/**
 * The user's conversations, newest first, each with a `streaming` flag for its dot. Compared item
 * by item, so chunks streaming somewhere do not re-render the list.
 */
export function useConversationList(): readonly ConversationListItem[] {
  return useChatSelector(selectConversationList, shallowEqualItems);
}
