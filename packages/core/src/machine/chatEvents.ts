import type { FileAttachment } from '../model/parts.ts';
import type { PendingApproval } from '../model/conversation.ts';
import type { ProtocolError, RejoinError } from '../errors/RejoinError.ts';
import type {
  AckFrame,
  ChunkFrame,
  ConversationFrame,
  ConversationsFrame,
  ErrorFrame,
  MessageEndFrame,
  MessageStartFrame,
  PingFrame,
  WelcomeFrame,
} from '../protocol/frames.ts';

/**
 * Events the chat machine accepts. Commands come from the app; `SOCKET.*` and `SERVER.*` from the
 * socket actor it spawns (socket/createSocketActor.ts); browser events from the client. Timeouts and
 * the backoff are the machine's own `after` transitions, so they are no events of this list.
 */
export type ChatEvent =
  // commands
  | { type: 'START' }
  /** `created`: a conversation this client just made up (`newConversation`), known to be empty. */
  | { type: 'OPEN'; conversationId: string; created?: boolean }
  | { type: 'SEND'; conversationId: string; messageId: string; text: string; at: number; files?: readonly FileAttachment[] }
  | { type: 'STOP'; conversationId: string }
  /** A decision on a tool call awaiting approval (protocol v2). */
  | { type: 'APPROVE'; approval: PendingApproval }
  | { type: 'RETRY' }
  | { type: 'DISPOSE' }
  // socket actor
  | { type: 'SOCKET.OPEN' }
  /** Frames that failed validation; dropped, reported. */
  | { type: 'SOCKET.INVALID'; errors: readonly ProtocolError[] }
  // server frames, one event per control frame (see serverEvents.ts), so the statechart shows the protocol
  | { type: 'SERVER.WELCOME'; frame: WelcomeFrame }
  | { type: 'SERVER.CONVERSATION'; frame: ConversationFrame }
  | { type: 'SERVER.CONVERSATIONS'; frame: ConversationsFrame }
  | { type: 'SERVER.ACK'; frame: AckFrame }
  | { type: 'SERVER.MESSAGE_START'; frame: MessageStartFrame }
  /**
   * Consecutive chunks, coalesced within one batching window, in arrival order. `fresh`: how many
   * of them (the last ones) arrived since the last heartbeat probe, when not all did: the chunk fast
   * path commits chunks late, and one that came before the probe is no answer to it.
   */
  | { type: 'SERVER.CHUNKS'; frames: readonly ChunkFrame[]; fresh?: number }
  | { type: 'SERVER.MESSAGE_END'; frame: MessageEndFrame }
  | { type: 'SERVER.ERROR'; frame: ErrorFrame }
  | { type: 'SERVER.PING'; frame: PingFrame }
  | { type: 'SERVER.PONG' }
  | { type: 'SOCKET.CLOSED'; code: number; reason: string }
  // delayed events the machine raises to itself on a connection (named delays, see chatMachine.ts)
  /** `heartbeatIntervalMs` since the last probe: probe again. */
  | { type: 'HEARTBEAT_DUE' }
  /** `heartbeatTimeoutMs` after a probe: was anything heard? */
  | { type: 'HEARTBEAT_TIMEOUT' }
  /** The server's `retryAfterMs` after a `rate_limited` answer has passed: redo what it refused. */
  | { type: 'RESEND_DUE' }
  // browser signals
  | { type: 'BROWSER_ONLINE' }
  /** `at`: the client's clock reading when the browser said so, for inspection (the countdown is stamped by `stampNextRetryAt`). */
  | { type: 'BROWSER_OFFLINE'; at: number }
  | { type: 'TAB_VISIBLE' }
  // persistence
  | { type: 'STORAGE.ERROR'; error: RejoinError };
