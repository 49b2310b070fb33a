import { memo } from 'react';
import { useConnection } from '@rejoin/react';
import { ConnectionBanner } from '@rejoin/ui/react';
import { useBrowserOnline } from './useBrowserOnline.ts';

/** The connection banner, bound to the client's connection view and the browser's network status. */
export const ConnectionStatus = memo(function ConnectionStatus() {
  const { state, attempt, nextRetryAt, queued, retry } = useConnection();
  const online = useBrowserOnline();
  return (
    <ConnectionBanner state={state} attempt={attempt} nextRetryAt={nextRetryAt} queued={queued} online={online} onRetry={retry} />
  );
});
