import type { ConversationState, OutboxEntry, PendingApproval } from '../model/conversation.ts';
import type { ActiveStreamInfo, ClientFrame, ConversationSummary } from '../protocol/frames.ts';
import type { RejoinError } from '../errors/RejoinError.ts';
import type { ChatConfig } from './chatConfig.ts';
import type { ServerLimits } from './oversizeRefusal.ts';

/** Everything the chat machine knows. Plain data, so a snapshot can be rendered, compared and persisted. */
export interface ChatContext {
  readonly config: ChatConfig;
  readonly clientId: string;
  /** Credential sent in `hello` for the server's auth hook. Never persisted. */
  readonly token: string | null;
  /** The conversation the user looks at; its stream decides `ready.streaming` vs `ready.idle`. */
  readonly openConversationId: string | null;
  /** Every conversation this client has seen, the open one and the background ones. */
  readonly conversations: Readonly<Record<string, ConversationState>>;
  /** The user's conversations as the server last listed them. */
  readonly conversationList: readonly ConversationSummary[];
  /** Streams the server reports as generating, by conversation id (for "streaming" dots). */
  readonly activeStreams: Readonly<Record<string, ActiveStreamInfo>>;
  /** Unacknowledged user messages, in the order typed. Survives reconnects and (persisted) refreshes. */
  readonly outbox: readonly OutboxEntry[];
  /** Tool-call decisions not yet confirmed by the stream, in the order given. Persisted like the outbox. */
  readonly approvals: readonly PendingApproval[];
  /** The protocol version of the current (or last) session, from `welcome.v`; null before any. */
  readonly sessionVersion: number | null;
  /** `stop` requests typed while offline; sent right after the next handshake. */
  readonly pendingStops: readonly string[];
  /**
   * Outbox messages the server refused with `rate_limited` on this connection, oldest first: resent
   * one per `retryAfterMs` (the `resend` timer) so a flood drains at the server's pace.
   */
  readonly throttledSends: readonly string[];
  /** Other refused frames worth redoing when the `resend` timer fires (a replay, a load, a stop). */
  readonly throttledFrames: readonly ClientFrame[];
  /** The wait the server asked for in its last `rate_limited` answer. */
  readonly retryAfterMs: number;
  /** The limits the server announced in its last `welcome`; messages over them are never queued. */
  readonly serverLimits: ServerLimits | null;
  /** The conversation whose `load` awaits its answer: its `conversation` frame (or refusal) ends `merging`. */
  readonly pendingLoad: string | null;
  /** Frames received on the current connection; the heartbeat compares it across a probe. */
  readonly framesReceived: number;
  readonly framesAtProbe: number;
  /** Consecutive failed connection attempts; reset by a successful handshake. */
  readonly attempt: number;
  readonly retryDelayMs: number;
  /** When the next automatic attempt happens (ms since epoch), while `disconnected`. */
  readonly nextRetryAt: number | null;
  /** State of the seeded jitter generator (see backoff.ts). */
  readonly jitterSeed: number;
  /** Why the last connection ended or failed. */
  readonly lastError: RejoinError | null;
  /** Recent problems worth showing (protocol, storage, server errors), newest last, at most 20. */
  readonly errors: readonly RejoinError[];
}

/** What a client starts from: config plus whatever persistence restored. */
export interface ChatMachineInput {
  readonly config: ChatConfig;
  readonly clientId: string;
  readonly token?: string | null;
  readonly jitterSeed: number;
  readonly openConversationId?: string | null;
  readonly conversations?: Readonly<Record<string, ConversationState>>;
  readonly outbox?: readonly OutboxEntry[];
  readonly approvals?: readonly PendingApproval[];
  /** Problems found while restoring (a corrupt snapshot, unavailable storage). */
  readonly errors?: readonly RejoinError[];
}

export function createInitialContext(input: ChatMachineInput): ChatContext {
  return {
    config: input.config,
    clientId: input.clientId,
    token: input.token ?? null,
    openConversationId: input.openConversationId ?? null,
    conversations: input.conversations ?? {},
    conversationList: [],
    activeStreams: {},
    outbox: input.outbox ?? [],
    approvals: input.approvals ?? [],
    sessionVersion: null,
    pendingStops: [],
    throttledSends: [],
    throttledFrames: [],
    retryAfterMs: 0,
    serverLimits: null,
    pendingLoad: null,
    framesReceived: 0,
    framesAtProbe: 0,
    attempt: 0,
    retryDelayMs: 0,
    nextRetryAt: null,
    jitterSeed: input.jitterSeed,
    lastError: null,
    errors: input.errors ?? [],
  };
}

export const MAX_KEPT_ERRORS = 20;

export function withError(errors: readonly RejoinError[], error: RejoinError): readonly RejoinError[] {
  const next = [...errors, error];
  return next.length > MAX_KEPT_ERRORS ? next.slice(next.length - MAX_KEPT_ERRORS) : next;
}
