import type { Actor } from 'xstate';
import type { Clock } from '../environment/Clock.ts';
import type { ChatMachine } from '../machine/chatMachine.ts';

/**
 * Retry at once when the browser says the network is back or the tab is visible again, instead of
 * waiting out a long backoff; flush persistence on `pagehide`, the last event a page reliably gets.
 * Does nothing outside a browser (SSR, Node).
 */
export function connectBrowserSignals(actor: Actor<ChatMachine>, clock: Clock, onPageHide: () => void): () => void {
  const target = globalThis as Partial<Window & typeof globalThis>;
  if (typeof target.addEventListener !== 'function' || typeof target.document === 'undefined') return () => {};
  const online = (): void => actor.send({ type: 'BROWSER_ONLINE' });
  const offline = (): void => actor.send({ type: 'BROWSER_OFFLINE', at: clock.now() });
  const visibility = (): void => {
    if (target.document?.visibilityState === 'visible') actor.send({ type: 'TAB_VISIBLE' });
  };
  target.addEventListener('online', online);
  target.addEventListener('offline', offline);
  target.addEventListener('pagehide', onPageHide);
  target.document.addEventListener('visibilitychange', visibility);
  return () => {
    target.removeEventListener?.('online', online);
    target.removeEventListener?.('offline', offline);
    target.removeEventListener?.('pagehide', onPageHide);
    target.document?.removeEventListener('visibilitychange', visibility);
  };
}
