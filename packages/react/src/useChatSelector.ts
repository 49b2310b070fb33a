import { useSelector } from '@xstate/react';
import type { ChatSnapshot } from '@rejoin/core';
import { useChatClient } from './ChatProvider.tsx';

/**
 * Re-renders the component only when `selector`'s result changes by `compare`: bind each component
 * to the smallest slice it shows. Use `@rejoin/core`'s selectors, and `shallowEqual` for a
 * selector that builds a new object or array.
 *
 * @param compare @default Object.is (`===`)
 */
export function useChatSelector<T>(selector: (snapshot: ChatSnapshot) => T, compare?: (a: T, b: T) => boolean): T {
  // The client's actor is the store (stable snapshot between changes), so @xstate/react's
  // useSelector binds it as is: useSyncExternalStoreWithSelector underneath (no tearing, SSR
  // snapshot, StrictMode-safe subscription), plus a snapshot in error status thrown in render for
  // an error boundary. A second wrapper around client.subscribe would only duplicate it.
  return useSelector(useChatClient().actor, selector, compare);
}
