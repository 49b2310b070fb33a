import type { ConnectionState } from '@rejoin/core';

/** What the connection banner shows; also its `data-state`. */
export type ConnectionBannerState = 'online' | 'connecting' | 'offline' | 'retrying' | 'failed';

export interface ConnectionBannerInput {
  readonly state: ConnectionState;
  /** Consecutive failed attempts; above 0 a connecting banner says "Reconnecting". */
  readonly attempt: number;
  /** When the next automatic attempt happens (ms since epoch), or null. */
  readonly nextRetryAt: number | null;
  /** The browser's own network status; false turns a lost connection into "offline". */
  readonly online: boolean;
}

export interface ConnectionBannerView {
  readonly state: ConnectionBannerState;
  /** The banner is shown (false while online: the element stays, empty, so screen readers hear changes). */
  readonly visible: boolean;
  readonly title: string;
  /** Show the "retrying in N s" countdown. */
  readonly showCountdown: boolean;
  /** Show the retry button. */
  readonly showRetry: boolean;
  /** Colour of the banner. */
  readonly tone: 'neutral' | 'warning' | 'danger';
}

const offlineView: ConnectionBannerView = {
  state: 'offline',
  visible: true,
  title: 'You are offline.',
  showCountdown: false,
  showRetry: true,
  tone: 'warning',
};

/**
 * Flattens the client's connection state into what the banner shows. Pure and framework-agnostic:
 * the React and Vue banners both render this, so they cannot drift apart.
 *
 * `merging` (loading a conversation's history) counts as online: the connection is fine, and the
 * message list shows its own loading state.
 */
export function connectionBannerView(input: ConnectionBannerInput): ConnectionBannerView {
  switch (input.state) {
    case 'connected':
    case 'merging':
      return { state: 'online', visible: false, title: '', showCountdown: false, showRetry: false, tone: 'neutral' };
    case 'idle':
    case 'connecting':
    case 'restoring':
      // A retry while the browser reports no network cannot succeed: keep saying "offline" rather
      // than flicker between "Reconnecting…" and "offline" with every attempt.
      if (!input.online && input.attempt > 0) return offlineView;
      return {
        state: 'connecting',
        visible: true,
        title: input.attempt > 0 ? 'Reconnecting…' : 'Connecting…',
        showCountdown: false,
        showRetry: false,
        tone: 'neutral',
      };
    case 'disconnected':
      if (!input.online || input.nextRetryAt === null) return offlineView;
      return { state: 'retrying', visible: true, title: 'Connection lost.', showCountdown: true, showRetry: true, tone: 'warning' };
    case 'failed':
      return { state: 'failed', visible: true, title: 'Could not connect to the server.', showCountdown: false, showRetry: true, tone: 'danger' };
    case 'disposed':
      return { state: 'offline', visible: true, title: 'Disconnected.', showCountdown: false, showRetry: false, tone: 'neutral' };
  }
}

/** The line about the outbox: "1 message will be sent when you reconnect." or null for none. */
export function queuedNotice(queued: number): string | null {
  if (queued <= 0) return null;
  return queued === 1 ? '1 message will be sent when you reconnect.' : `${queued} messages will be sent when you reconnect.`;
}
