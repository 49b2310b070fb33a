import { useSyncExternalStoreWithSelector } from 'use-sync-external-store/with-selector';
import type { ChatSnapshot } from '@rejoin/core';
import { useChatClient } from './ChatProvider.tsx';

const FAILED: unique symbol = Symbol('rejoin actor failed');

/**
 * Re-renders the component only when `selector`'s result changes by `compare`: bind each component
 * to the smallest slice it shows. Use `@rejoin/core`'s selectors, and `shallowEqual` for a
 * selector that builds a new object or array.
 *
 * @param compare @default Object.is (`===`)
 */
export function useChatSelector<T>(selector: (snapshot: ChatSnapshot) => T, compare?: (a: T, b: T) => boolean): T {
  const client = useChatClient();
  // The client is the store (subscribe + a snapshot stable between changes), bound as is, like
  // @xstate/react's useSelector, plus the server snapshot: on the server, and while hydrating, React
  // renders the state a server has (nothing restored from storage), then switches to the restored
  // one, so a persisted stream shows up right after hydration without a mismatch.
  const selected = useSyncExternalStoreWithSelector(
    client.subscribe,
    client.getSnapshot,
    client.getServerSnapshot,
    // A failed actor is a change for every consumer, even one whose slice looks the same, so that
    // each re-renders and throws it.
    (snapshot) => (snapshot.status === 'error' ? FAILED : selector(snapshot)),
    (a, b) => (a === FAILED || b === FAILED ? a === b : (compare ?? Object.is)(a as T, b as T)),
  );
  // A failed actor is an exception for the nearest error boundary, not a state to render.
  if (selected === FAILED) throw client.getSnapshot().error;
  return selected;
}
