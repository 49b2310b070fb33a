import { useMemo } from 'react';
import { selectConnection, shallowEqual, type ConnectionView } from '@rejoin/core';
import { useChatClient } from './ChatProvider.tsx';
import { useChatSelector } from './useChatSelector.ts';

export interface UseConnectionResult extends ConnectionView {
  /** Reconnects now: from `failed`, or to skip the backoff wait. */
  retry(): void;
}

/** The connection as a banner shows it. Does not re-render on chunks, only when a field changes. */
export function useConnection(): UseConnectionResult {
  const client = useChatClient();
  const view = useChatSelector(selectConnection, shallowEqual);
  return useMemo(() => ({ ...view, retry: () => client.retry() }), [view, client]);
}
