import type { ServerFrame } from '@rejoin/core/protocol';
import type { StreamRecord, StreamStore, Unsubscribe } from '../stores/StreamStore.ts';
import type { StreamFrameEncoder } from './StreamFrameEncoder.ts';
import { messageStartFrame } from './streamFrames.ts';

/** Sends a frame; `text` is its encoding when it was made already. */
export type EmitFrame = (frame: ServerFrame, text?: string) => void;

/** One followed stream; `active` turns false the moment it is cancelled or ends. */
interface StreamFollow {
  active: boolean;
  unsubscribe: Unsubscribe | null;
}

/**
 * One connection following one conversation: it hears about each reply that starts there
 * (`message_start`, then the reply's chunks and end) and follows the streams it is told to, from
 * an offset.
 *
 * Frames can be held: while a handler builds an answer that must reach the client before any live
 * frame (the `ack` of a `send`, the `conversation` of a `load`), live frames queue up, and
 * `release` lets the handler put its answer first and fold queued frames into it.
 */
export class ConversationSubscription {
  private readonly follows = new Map<string, StreamFollow>();
  /** Asked before the first reply is told, when this connection's access was not checked yet. */
  private admission: (() => Promise<boolean>) | null = null;
  private unwatch: Unsubscribe | null = null;
  private held: ServerFrame[] | null = null;
  private closed = false;

  constructor(
    readonly conversationId: string,
    private readonly streams: StreamStore,
    private readonly emit: EmitFrame,
    private readonly onFollowError: (error: unknown) => void,
    private readonly encoder: StreamFrameEncoder,
    /** The session's protocol version: decides how part events are sent. */
    private readonly version: number,
  ) {}

  /**
   * Makes the next reply that starts wait for `check`, and close the subscription if it fails: a
   * conversation watched before it existed (see `SessionAccess`) is judged once someone created
   * it. Its first reply loses nothing by waiting: it is followed from seq 0.
   */
  admitOnlyIf(check: () => Promise<boolean>): void {
    this.admission = check;
  }

  /** Access was checked (a load, send or subscribe went through): no admission is pending anymore. */
  admit(): void {
    this.admission = null;
  }

  /** Starts hearing about new replies in the conversation. */
  async open(): Promise<void> {
    const unwatch = await this.streams.watchConversation(this.conversationId, (stream) => this.onStreamStarted(stream));
    if (this.closed) unwatch();
    else this.unwatch = unwatch;
  }

  /** Whether this connection follows the stream right now. */
  isFollowing(messageId: string): boolean {
    return this.follows.has(messageId);
  }

  /**
   * Follows one stream after `afterSeq`: its replay, then its live frames, with no gap and no
   * overlap. Resolves to false when the stream is unknown.
   */
  async follow(messageId: string, afterSeq: number): Promise<boolean> {
    this.cancelFollow(messageId);
    const follow: StreamFollow = { active: true, unsubscribe: null };
    this.follows.set(messageId, follow);
    const release = (): void => {
      follow.active = false;
      if (this.follows.get(messageId) === follow) this.follows.delete(messageId);
    };
    const encode = this.encoder.forStream(this.conversationId, messageId, this.version);
    let unsubscribe: Unsubscribe | null;
    try {
      unsubscribe = await this.streams.follow(messageId, afterSeq, (event) => {
        if (!follow.active) return;
        const { frame, text } = encode(event);
        this.push(frame, text);
        if (event.type === 'end') release();
      });
    } catch (error) {
      release();
      throw error;
    }
    if (unsubscribe === null) {
      release();
      return false;
    }
    // Cancelled (or ended) while the store was answering: let go of the store's listener too.
    if (!follow.active) unsubscribe();
    else follow.unsubscribe = unsubscribe;
    return true;
  }

  /** Stops following every stream of the conversation (a new subscription replaces them). */
  cancelFollows(): void {
    for (const follow of this.follows.values()) {
      follow.active = false;
      follow.unsubscribe?.();
    }
    this.follows.clear();
  }

  /** Stops following one stream. */
  cancelFollow(messageId: string): void {
    const follow = this.follows.get(messageId);
    if (follow === undefined) return;
    follow.active = false;
    follow.unsubscribe?.();
    this.follows.delete(messageId);
  }

  /** Queues live frames instead of sending them, until `release`. */
  hold(): void {
    this.held ??= [];
  }

  /**
   * Sends what `compose` makes of the queued frames (the handler's answer first, typically), then
   * goes back to sending live frames as they come. Runs synchronously, so no live frame can slip
   * between the answer and the queued ones.
   */
  release(compose: (held: readonly ServerFrame[]) => readonly ServerFrame[] = (held) => held): void {
    const held = this.held ?? [];
    this.held = null;
    if (this.closed) return;
    for (const frame of compose(held)) this.emit(frame);
  }

  /** Stops everything; frames still held are dropped. */
  close(): void {
    this.closed = true;
    this.held = null;
    this.unwatch?.();
    this.unwatch = null;
    this.cancelFollows();
  }

  private onStreamStarted(stream: StreamRecord): void {
    if (this.closed) return;
    const admission = this.admission;
    if (admission !== null) {
      admission().then(
        (admitted) => {
          if (!admitted) return this.close();
          // Another reply's check may have admitted it meanwhile; this one is told either way.
          if (this.admission === admission) this.admission = null;
          this.onStreamStarted(stream);
        },
        (error: unknown) => this.onFollowError(error),
      );
      return;
    }
    // A follow of it that the store has answered already delivers it. One still waiting for the
    // store asked before the stream existed and is about to fail: follow anew instead (follow()
    // cancels it), or nobody would follow this reply.
    if (this.follows.get(stream.messageId)?.unsubscribe != null) return;
    this.push(messageStartFrame(stream));
    this.follow(stream.messageId, 0).catch((error: unknown) => this.onFollowError(error));
  }

  private push(frame: ServerFrame, text?: string): void {
    if (this.closed) return;
    // A held frame may be folded into the answer, so only the frame is kept.
    if (this.held !== null) this.held.push(frame);
    else this.emit(frame, text);
  }
}
