import { toValue, type MaybeRefOrGetter, type Ref } from 'vue';
import { selectMessageIds, shallowEqual, type ChatClient } from '@rejoin/core';
import { useChatSelector } from './useChatSelector.ts';

/**
 * The conversation's message ids, for a list that renders one `useMessage` row per id. Compared
 * item by item, so a chunk (same ids) does not re-render the list; a new message does.
 *
 * @param client @default the one provided by `provideChatClient`
 */
export function useMessageIds(conversationId: MaybeRefOrGetter<string>, client?: ChatClient): Readonly<Ref<readonly string[]>> {
  return useChatSelector((snapshot) => selectMessageIds(snapshot, toValue(conversationId)), shallowEqual, client);
}
