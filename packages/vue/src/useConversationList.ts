import type { Ref } from 'vue';
import { selectConversationList, shallowEqualItems, type ChatClient, type ConversationListItem } from '@rejoin/core';
import { useChatSelector } from './useChatSelector.ts';

/**
 * The user's conversations, newest first, each with a `streaming` flag for its dot. Compared item
 * by item, so chunks streaming somewhere do not re-render the list.
 *
 * @param client @default the one provided by `provideChatClient`
 */
export function useConversationList(client?: ChatClient): Readonly<Ref<readonly ConversationListItem[]>> {
  return useChatSelector(selectConversationList, shallowEqualItems, client);
}
