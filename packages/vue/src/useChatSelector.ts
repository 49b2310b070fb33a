import { computed, type Ref } from 'vue';
import type { ChatClient, ChatSnapshot } from '@rejoin/core';
import { useChatClient } from './chatClientInjection.ts';
import { useChatSnapshot } from './useChatSnapshot.ts';

/**
 * A readonly ref of `selector`'s result that changes only when `compare` says so, so what renders
 * it updates only for its slice. `selector` may read refs (a conversation id): it re-runs when
 * they change. Use `@rejoin/core`'s selectors, and `shallowEqual` for one that builds a new object.
 *
 * @param compare @default Object.is (`===`)
 * @param client @default the one provided by `provideChatClient`
 */
export function useChatSelector<T>(
  selector: (snapshot: ChatSnapshot) => T,
  compare: (a: T, b: T) => boolean = Object.is,
  client?: ChatClient,
): Readonly<Ref<T>> {
  const snapshot = useChatSnapshot(useChatClient(client));
  // Returning the previous value keeps the computed unchanged, so Vue triggers nothing downstream.
  return computed((previous?: T) => {
    // A failed actor is an error for the nearest `onErrorCaptured` (or the app's errorHandler),
    // raised where a component reads this ref, not a state to render.
    if (snapshot.value.status === 'error') throw snapshot.value.error;
    const next = selector(snapshot.value);
    return previous !== undefined && compare(previous, next) ? previous : next;
  });
}
