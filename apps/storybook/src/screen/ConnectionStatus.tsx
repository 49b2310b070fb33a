import { useConnection } from '@rejoin/react';
import { ConnectionBanner } from '@rejoin/ui/react';
import { toWallTime } from '../scenarios/kitProps.ts';

export interface ConnectionStatusProps {
  /** What `navigator.onLine` says in the story. */
  readonly browserOnline: boolean;
  /** Real time minus fake time: the banner counts down on the real clock. */
  readonly wallTimeOffset: number;
}

/** The kit's connection banner, bound to the client's connection view. */
export function ConnectionStatus({ browserOnline, wallTimeOffset }: ConnectionStatusProps) {
  const { state, attempt, nextRetryAt, queued, retry } = useConnection();
  return (
    <ConnectionBanner
      state={state}
      attempt={attempt}
      nextRetryAt={toWallTime(nextRetryAt, wallTimeOffset)}
      queued={queued}
      online={browserOnline}
      onRetry={retry}
    />
  );
}
