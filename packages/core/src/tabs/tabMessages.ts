/**
 * What tabs of one namespace say to each other on the channel `rejoin:<namespace>`. A follower's
 * socket is a link to the leader: `open`, then raw protocol frames each way, then `close`. Frames stay
 * the wire protocol's text, so each tab validates them exactly as it would a server's.
 */
export type TabMessage =
  /** A tab took the lock: links to any other leader are over. */
  | { readonly kind: 'leader'; readonly from: string }
  /** The leader's socket finished its handshake: followers waiting to reconnect may now. */
  | { readonly kind: 'ready'; readonly from: string }
  /** A follower asks for a link (its socket opening). */
  | { readonly kind: 'open'; readonly from: string; readonly link: string }
  /** The leader accepted the link: the follower's socket is open. */
  | { readonly kind: 'opened'; readonly from: string; readonly link: string }
  /** A link ended, from either side. */
  | { readonly kind: 'close'; readonly from: string; readonly link: string; readonly code: number; readonly reason: string }
  /** A client frame from a follower's link, to the leader. */
  | { readonly kind: 'frame'; readonly from: string; readonly link: string; readonly data: string }
  /** A server frame meant for one link only (the welcome, a pong). */
  | { readonly kind: 'to'; readonly from: string; readonly link: string; readonly data: string }
  /** A server frame the leader's socket received, for every open link. */
  | { readonly kind: 'server'; readonly from: string; readonly data: string }
  /** A user message sent in one tab, queued in every tab (the shared outbox). */
  | {
      readonly kind: 'send';
      readonly from: string;
      readonly conversationId: string;
      readonly messageId: string;
      readonly text: string;
      readonly at: number;
    };

const KINDS = new Set(['leader', 'ready', 'open', 'opened', 'close', 'frame', 'to', 'server', 'send']);

/** A channel may carry anything another script posted on it: only our own messages pass. */
export function isTabMessage(value: unknown): value is TabMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  if (typeof message['kind'] !== 'string' || !KINDS.has(message['kind']) || typeof message['from'] !== 'string') return false;
  switch (message['kind']) {
    case 'open':
    case 'opened':
      return typeof message['link'] === 'string';
    case 'close':
      return typeof message['link'] === 'string' && typeof message['code'] === 'number' && typeof message['reason'] === 'string';
    case 'frame':
    case 'to':
      return typeof message['link'] === 'string' && typeof message['data'] === 'string';
    case 'server':
      return typeof message['data'] === 'string';
    case 'send':
      return (
        typeof message['conversationId'] === 'string' &&
        typeof message['messageId'] === 'string' &&
        typeof message['text'] === 'string' &&
        typeof message['at'] === 'number'
      );
    default:
      return true;
  }
}
