import type { ConnectionState } from '@rejoin/core';
import { connectionBannerView, queuedNotice } from '../shared/connectionBannerView.ts';
import { formatCountdown } from '../shared/formatCountdown.ts';
import { Icon } from './Icon.tsx';
import { useCountdown } from './useCountdown.ts';

export interface ConnectionBannerProps {
  /** The client's connection state (`useConnection().state`). */
  readonly state: ConnectionState;
  /** Consecutive failed attempts. @default 0 */
  readonly attempt?: number;
  /** When the next automatic attempt happens (ms since epoch). @default null */
  readonly nextRetryAt?: number | null;
  /** Messages waiting in the outbox. @default 0 */
  readonly queued?: number;
  /** The browser's network status (`navigator.onLine`); false shows "offline" instead of a countdown. @default true */
  readonly online?: boolean;
  /** Reconnects now (`useConnection().retry`). */
  readonly onRetry: () => void;
}

/**
 * Tells the user how the connection stands: connecting, offline, retrying in N s (with a retry
 * button that skips the wait), or failed. Empty while connected.
 */
export function ConnectionBanner({ state, attempt = 0, nextRetryAt = null, queued = 0, online = true, onRetry }: ConnectionBannerProps) {
  const view = connectionBannerView({ state, attempt, nextRetryAt, online });
  const seconds = useCountdown(view.showCountdown ? nextRetryAt : null);
  const queuedText = view.visible ? queuedNotice(queued) : null;
  return (
    <div className="rj-banner" data-testid="connection-banner" data-state={view.state} data-tone={view.tone} role="status">
      {view.visible ? (
        <>
          {view.state === 'connecting' ? <span className="rj-spinner" aria-hidden="true" /> : null}
          <p className="rj-banner__text">
            <strong>{view.title}</strong>
            {view.showCountdown ? (
              // Not announced every second: the region already said the connection was lost.
              <span className="rj-banner__countdown" data-testid="retry-countdown" aria-live="off">
                {seconds > 0 ? ` Retrying in ${formatCountdown(seconds)}.` : ' Retrying…'}
              </span>
            ) : null}
            {queuedText === null ? null : <span className="rj-banner__queued"> {queuedText}</span>}
          </p>
          {view.showRetry ? (
            <button type="button" className="rj-button rj-button--small" data-testid="retry-button" onClick={onRetry}>
              <Icon name="retry" />
              <span>Retry now</span>
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
