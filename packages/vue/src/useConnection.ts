import { toRef, type Ref } from 'vue';
import { selectConnection, shallowEqual, type ChatClient, type ConnectionView } from '@rejoin/core';
import { useChatClient } from './chatClientInjection.ts';
import { useChatSelector } from './useChatSelector.ts';

export type UseConnectionReturn = { readonly [K in keyof ConnectionView]: Readonly<Ref<ConnectionView[K]>> } & {
  /** Reconnects now: from `failed`, or to skip the backoff wait. */
  retry(): void;
};

/**
 * The connection as a banner shows it, one readonly ref per field. Chunks change none of them.
 *
 * @param client @default the one provided by `provideChatClient`
 */
export function useConnection(client?: ChatClient): UseConnectionReturn {
  const chat = useChatClient(client);
  const view = useChatSelector(selectConnection, shallowEqual, chat);
  return {
    state: toRef(() => view.value.state),
    attempt: toRef(() => view.value.attempt),
    nextRetryAt: toRef(() => view.value.nextRetryAt),
    queued: toRef(() => view.value.queued),
    lastError: toRef(() => view.value.lastError),
    retry: () => chat.retry(),
  };
}
