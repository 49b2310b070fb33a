import type { ProtocolError, RejoinError } from '../errors/RejoinError.ts';
import type { ServerFrame } from '../protocol/frames.ts';

/**
 * Events the chat machine accepts. Commands come from the app; `SOCKET.*`, timer and browser events
 * come from the client's effect drivers. Events that can end a connection carry `at` (the driver's
 * clock reading) so the machine can stamp `nextRetryAt` without reading a clock itself.
 */
export type ChatEvent =
  // commands
  | { type: 'START' }
  /** `created`: a conversation this client just made up (`newConversation`), known to be empty. */
  | { type: 'OPEN'; conversationId: string; created?: boolean }
  | { type: 'SEND'; conversationId: string; messageId: string; text: string; at: number }
  | { type: 'STOP'; conversationId: string }
  | { type: 'RETRY' }
  | { type: 'DISPOSE' }
  // socket driver
  | { type: 'SOCKET.OPEN' }
  | {
      type: 'SOCKET.FRAMES';
      /** Every frame that arrived within one batching window, in arrival order. */
      frames: readonly ServerFrame[];
      /** Frames that failed validation in that window; dropped, reported. */
      errors: readonly ProtocolError[];
    }
  | { type: 'SOCKET.CLOSED'; code: number; reason: string; at: number }
  // timers (see chatTimers.ts)
  | { type: 'CONNECT_TIMEOUT'; at: number }
  | { type: 'HANDSHAKE_TIMEOUT'; at: number }
  | { type: 'LOAD_TIMEOUT'; at: number }
  | { type: 'HEARTBEAT_DUE' }
  | { type: 'HEARTBEAT_TIMEOUT'; at: number }
  | { type: 'BACKOFF_ELAPSED' }
  /** The server's `retryAfterMs` after a `rate_limited` answer has passed: redo what it refused. */
  | { type: 'RESEND_DUE' }
  // browser signals
  | { type: 'BROWSER_ONLINE' }
  | { type: 'BROWSER_OFFLINE'; at: number }
  | { type: 'TAB_VISIBLE' }
  // persistence
  | { type: 'STORAGE.ERROR'; error: RejoinError };
