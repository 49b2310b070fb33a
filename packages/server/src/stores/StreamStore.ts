import type { FinishReason, PartEvent } from '@rejoin/core/protocol';
import type { StreamPiece } from '../streams/foldParts.ts';
import type { GenerationCoordinator } from '../streams/GenerationCoordinator.ts';

/** What is known about an assistant stream when it starts. */
export interface StreamMeta {
  readonly conversationId: string;
  /** The assistant message the stream writes; unique across the store. */
  readonly messageId: string;
  /** The conversation's owner, for `activeForOwner`. */
  readonly ownerId: string;
  /** The user message it answers. */
  readonly replyTo: string;
  /** The assistant message's 0-based place in the conversation's history. */
  readonly index: number;
  readonly startedAt: number;
}

/** A stream as stored: its meta plus how far it got. */
export interface StreamRecord extends StreamMeta {
  /** The highest seq appended so far (0 before the first chunk). */
  readonly lastSeq: number;
  /** Null while the generation runs. */
  readonly finishReason: FinishReason | null;
  readonly finishedAt: number | null;
  /** With `finishReason: 'error'`: a message fit for display. */
  readonly error?: string;
}

/**
 * One piece of an assistant message: text, or (protocol v2) a part event with `text` empty. One seq
 * per piece whatever its kind, so a message keeps one cursor across all its parts.
 */
export interface StreamChunk {
  readonly seq: number;
  readonly text: string;
  readonly part?: PartEvent;
}

/** The piece a chunk holds: its part event, or its text. */
export function pieceOf(chunk: StreamChunk): StreamPiece {
  return chunk.part ?? chunk.text;
}

/** The chunk for piece `seq`. */
export function chunkOf(seq: number, piece: StreamPiece): StreamChunk {
  return typeof piece === 'string' ? { seq, text: piece } : { seq, text: '', part: piece };
}

/** How a stream ended. */
export interface StreamOutcome {
  readonly finishReason: FinishReason;
  /** The last seq appended; a follower uses it to notice a missing tail. */
  readonly lastSeq: number;
  readonly error?: string;
}

/** What a follower receives, in seq order, then at most one `end`. */
export type StreamEvent =
  | ({ readonly type: 'chunk' } & StreamChunk)
  | ({ readonly type: 'end' } & StreamOutcome);

export type StreamListener = (event: StreamEvent) => void;
export type StreamStartListener = (stream: StreamRecord) => void;
export type Unsubscribe = () => void;

/**
 * The log of every assistant stream: chunks in seq order, replayable from any offset while the
 * stream runs and for a retention period after it ends. Every method is async so a networked store
 * can implement it; a Redis one maps naturally onto a Redis Stream per message with the seq in the
 * entry id (`XADD … <seq>-1`, `XRANGE` for replay, `XREAD BLOCK` for followers, `EXPIRE` for
 * retention) and a pub/sub channel per conversation for `watchConversation`.
 *
 * Listeners are called synchronously in event order and must not throw; a listener that throws is
 * dropped so it cannot stall the generation writing to the stream.
 */
export interface StreamStore {
  /** Registers a new running stream and tells the conversation's watchers about it. */
  create(meta: StreamMeta): Promise<StreamRecord>;
  /**
   * Appends the next chunk: text, or a part event. `seq` must be exactly `lastSeq + 1` of a running
   * stream; anything else rejects with a `store/invariant` RejoinError, so a bug can never write a
   * gap or a duplicate (two instances racing to append the same seq: exactly one wins).
   */
  append(messageId: string, seq: number, piece: StreamPiece): Promise<void>;
  /**
   * Ends a running stream; its chunks stay replayable for the retention period. The stored count
   * of chunks is the `lastSeq` followers receive, whatever `outcome.lastSeq` says, so an `end`
   * can never announce a chunk that was not written.
   */
  finish(messageId: string, outcome: StreamOutcome): Promise<void>;
  /** The stream, or null when it is unknown (never created, or dropped after retention). */
  get(messageId: string): Promise<StreamRecord | null>;
  /** The chunks with seq > `afterSeq`, in order; null when the stream is unknown. */
  read(messageId: string, afterSeq: number): Promise<readonly StreamChunk[] | null>;
  /**
   * Follows a stream from an offset with no gap and no overlap: `listener` first receives every
   * stored chunk with seq > `afterSeq` (and the `end` if the stream has finished), then each later
   * chunk and the `end` as they are written. The returned promise settles only after that replay
   * has been delivered. Resolves to null, delivering nothing, when the stream is unknown.
   * After the `end`, the listener is released on its own; calling the unsubscribe is still allowed.
   */
  follow(messageId: string, afterSeq: number, listener: StreamListener): Promise<Unsubscribe | null>;
  /** Calls `listener` with each stream created in the conversation from now on. */
  watchConversation(conversationId: string, listener: StreamStartListener): Promise<Unsubscribe>;
  /** The owner's running (not finished) streams, oldest first. */
  activeForOwner(ownerId: string): Promise<readonly StreamRecord[]>;
  /** Releases timers and connections. The server calls it only on stores it created itself. */
  close(): Promise<void>;
  /**
   * Stores shared by several server instances: coordinates which instance generates each
   * conversation's replies, and carries `stop` to it. Absent: one process owns everything.
   */
  readonly coordinator?: GenerationCoordinator;
  /**
   * Networked stores: calls `listener` once each time the store loses its connection. Live
   * delivery to followers cannot be trusted from then on, so the server closes its connections
   * with a fatal `internal` error; clients reconnect with backoff and resume once the store is back.
   */
  onUnavailable?(listener: (error: Error) => void): Unsubscribe;
}
