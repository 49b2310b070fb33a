import type { StreamPiece } from '../../streams/foldParts.ts';

/** Sends one batch of contiguous chunks, `firstSeq` first, in one atomic write. */
export type SendBatch = (firstSeq: number, texts: readonly StreamPiece[]) => Promise<void>;

interface Batch {
  readonly firstSeq: number;
  readonly texts: StreamPiece[];
  readonly done: Promise<void>;
  settle: (error?: unknown) => void;
}

/**
 * Coalesces one stream's appends so a reply never waits a Redis round trip per token: at most
 * one write is in flight per stream, and the chunks appended meanwhile leave together in the next
 * one, in order. The first chunk after a pause goes at once (no timer adds latency); under load the
 * batches grow with the round trip. Every append made into a batch settles with it, so the seq
 * check stays atomic per batch and an error reaches every caller whose chunk it concerns.
 */
export class StreamAppendBatcher {
  private pending: Batch | null = null;
  private inFlight = false;

  constructor(
    private readonly send: SendBatch,
    /** Called when nothing is queued or in flight any more, so the owner can forget this batcher. */
    private readonly onIdle: () => void,
  ) {}

  /** Queues chunk `seq`; resolves once it is stored, with every chunk before it. */
  append(seq: number, text: StreamPiece): Promise<void> {
    const pending = this.pending;
    // Only the first seq of a batch is checked by Redis; the rest follow from it, so a queued
    // batch accepts only the next seq and a caller's gap or duplicate is refused right here.
    if (pending !== null && seq === pending.firstSeq + pending.texts.length) {
      pending.texts.push(text);
      return pending.done;
    }
    if (pending !== null) return Promise.reject(new ContiguityError(pending.firstSeq + pending.texts.length));
    const batch = newBatch(seq, text);
    this.pending = batch;
    if (!this.inFlight) this.flush();
    return batch.done;
  }

  private flush(): void {
    const batch = this.pending;
    if (batch === null) {
      this.onIdle();
      return;
    }
    this.pending = null;
    this.inFlight = true;
    this.send(batch.firstSeq, batch.texts).then(
      () => this.sent(batch),
      (error: unknown) => this.sent(batch, error),
    );
  }

  private sent(batch: Batch, error?: unknown): void {
    this.inFlight = false;
    batch.settle(error);
    this.flush();
  }
}

/** A queued batch refused a seq that does not follow it; the store turns it into its invariant error. */
export class ContiguityError extends Error {
  constructor(readonly expected: number) {
    super(`expected seq ${expected}`);
  }
}

function newBatch(firstSeq: number, text: StreamPiece): Batch {
  let settle!: (error?: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error));
  });
  // Callers may not await every append (the reply writer keeps several in flight); the batch's
  // rejection is theirs to handle, not an unhandled one.
  done.catch(() => {});
  return { firstSeq, texts: [text], done, settle };
}
