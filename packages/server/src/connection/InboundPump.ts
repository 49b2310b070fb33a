import type { ClientFrame, ProtocolError } from '@rejoin/core/protocol';
import type { RawData } from 'ws';
import type { ResolvedLimits } from '../limits/ServerLimits.ts';
import { TokenBucket } from '../limits/TokenBucket.ts';
import { parseClientFrame } from '../protocol/coreProtocol.ts';

/** A frame the session handles in turn (heartbeats never get that far). */
export type QueuedFrame = Exclude<ClientFrame, { type: 'ping' | 'pong' }>;

/** What the pump hands each message to, in the order the messages arrived. */
export interface InboundHandlers {
  /** True once the connection closed: queued steps are then skipped. */
  readonly isClosed: () => boolean;
  /** A `ping`: answered at once, before anything queued. */
  readonly ping: (t: number) => void;
  /** Over the rate limit; `ids` are the frame's own ids when it parsed. */
  readonly rateLimited: (ids: QueuedFrame | null, retryAfterMs: number) => void;
  /** Not a valid client frame. */
  readonly invalid: (error: ProtocolError) => void;
  /** A valid frame; never rejects (the session answers failures itself). */
  readonly frame: (frame: QueuedFrame) => Promise<void>;
}

/**
 * The inbound side of one connection: every message draws on the connection's token bucket, is
 * parsed against the frame limit, and is handled one at a time in arrival order (the next waits
 * for the previous one's store calls), so answers and refusals leave in the order the client
 * sent (protocol v1, "Transport"). Only heartbeats overtake: a `ping` is answered at once, a
 * `pong` is dropped.
 */
export class InboundPump {
  private queue: Promise<void> = Promise.resolve();
  private readonly bucket: TokenBucket;

  constructor(
    limits: ResolvedLimits,
    now: () => number,
    private readonly maxFrameBytes: number,
    private readonly handlers: InboundHandlers,
  ) {
    this.bucket = new TokenBucket(limits.burstFrames, limits.framesPerSecond, now);
  }

  receive(data: RawData, isBinary: boolean): void {
    const retryAfterMs = this.bucket.take();
    const parsed = parseClientFrame(isBinary ? data : textOf(data), { maxFrameBytes: this.maxFrameBytes });
    const { handlers } = this;
    if (retryAfterMs > 0) {
      const frame = parsed.ok && parsed.frame.type !== 'ping' && parsed.frame.type !== 'pong' ? parsed.frame : null;
      this.enqueue(() => handlers.rateLimited(frame, retryAfterMs));
      return;
    }
    if (!parsed.ok) {
      const error = parsed.error;
      this.enqueue(() => handlers.invalid(error));
      return;
    }
    const frame = parsed.frame;
    if (frame.type === 'ping') {
      handlers.ping(frame.t);
      return;
    }
    if (frame.type === 'pong') return;
    this.enqueue(() => handlers.frame(frame));
  }

  /** Runs `step` after every message received before it has been handled, unless the socket closed. */
  private enqueue(step: () => void | Promise<void>): void {
    this.queue = this.queue.then(() => (this.handlers.isClosed() ? undefined : step()));
  }
}

/** A text message's data as a string (ws hands text messages over as Buffers). */
function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
