import type { ProtocolError } from '../errors/RejoinError.ts';
import type { ServerFrame } from '../protocol/frames.ts';

export interface FrameBatch {
  readonly frames: readonly ServerFrame[];
  readonly errors: readonly ProtocolError[];
}

/**
 * Coalesces the frames that arrive within one batching window into one machine event. A machine
 * event per token is the dominant cost of a fast stream (each one runs the statechart and notifies
 * every subscriber); one event per window makes that cost per render frame instead.
 *
 * Latency bound: a chunk waits at most one `schedule` tick (a macrotask, or `windowMs` when set).
 * Anything that is not a chunk flushes the batch at once, so control frames are never delayed and
 * arrival order is always kept.
 */
export function createFrameBatcher(options: {
  readonly deliver: (batch: FrameBatch) => void;
  readonly schedule: (flush: () => void) => () => void;
}) {
  let frames: ServerFrame[] = [];
  let errors: ProtocolError[] = [];
  let cancel: (() => void) | null = null;

  const flush = (): void => {
    cancel?.();
    cancel = null;
    if (frames.length === 0 && errors.length === 0) return;
    const batch = { frames, errors };
    frames = [];
    errors = [];
    options.deliver(batch);
  };

  return {
    push(frame: ServerFrame): void {
      frames.push(frame);
      if (frame.type !== 'chunk') flush();
      else cancel ??= options.schedule(flush);
    },
    reject(error: ProtocolError): void {
      errors.push(error);
      cancel ??= options.schedule(flush);
    },
    flush,
    /** Drops whatever is buffered (the connection it came from is gone). */
    discard(): void {
      cancel?.();
      cancel = null;
      frames = [];
      errors = [];
    },
  };
}
