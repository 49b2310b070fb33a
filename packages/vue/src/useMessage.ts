import { toValue, type MaybeRefOrGetter, type Ref } from 'vue';
import { selectMessage, type ChatClient, type ChatMessage } from '@rejoin/core';
import { useChatSelector } from './useChatSelector.ts';

/**
 * One message, for a row: it changes only when this message does (a chunk makes a new object for
 * the streaming message alone), so the other rows stay put while a reply streams.
 *
 * @param client @default the one provided by `provideChatClient`
 */
export function useMessage(
  conversationId: MaybeRefOrGetter<string>,
  messageId: MaybeRefOrGetter<string>,
  client?: ChatClient,
): Readonly<Ref<ChatMessage | undefined>> {
  return useChatSelector((snapshot) => selectMessage(snapshot, toValue(conversationId), toValue(messageId)), Object.is, client);
}
