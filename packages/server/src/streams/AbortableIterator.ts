/**
 * Iterates a model's pieces but ends as soon as `signal` aborts, even if the model never yields
 * again: a model that ignores its signal cannot keep a stopped reply open.
 *
 * One abort listener serves the whole iteration, and each `next` waits on a promise of its own:
 * racing every `next` against one long-lived "aborted" promise would leave a reaction on it per
 * piece, memory that grows for as long as the reply streams.
 */
export class AbortableIterator<T = string> {
  private readonly iterator: AsyncIterator<T>;
  /** Settles the `next` in progress. */
  private resolve: ((piece: T | null) => void) | null = null;
  private reject: ((error: unknown) => void) | null = null;
  /** `signal.aborted`, kept here: reading the getter once per piece shows in profiles. */
  private aborted: boolean;
  private readonly onAbort = (): void => {
    this.aborted = true;
    this.resolve?.(null);
  };
  // Bound once, not per piece: this runs for every token of every reply.
  private readonly onResult = (result: IteratorResult<T>): void => {
    this.resolve?.(result.done === true ? null : result.value);
  };
  private readonly onError = (error: unknown): void => {
    this.reject?.(error);
  };
  private readonly settleNext = (resolve: (piece: T | null) => void, reject: (error: unknown) => void): void => {
    this.resolve = resolve;
    this.reject = reject;
  };

  constructor(
    source: AsyncIterable<T>,
    private readonly signal: AbortSignal,
  ) {
    this.aborted = signal.aborted;
    this.iterator = source[Symbol.asyncIterator]();
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** The next piece; null once the model is done or the signal has aborted. */
  next(): Promise<T | null> {
    if (this.aborted) return Promise.resolve(null);
    const next = new Promise<T | null>(this.settleNext);
    // A late result or rejection after an abort settles nothing: the promise was settled already.
    // It is handled all the same, so a model failing after a stop raises no unhandled rejection.
    this.iterator.next().then(this.onResult, this.onError);
    return next;
  }

  close(): void {
    this.resolve = null;
    this.reject = null;
    this.signal.removeEventListener('abort', this.onAbort);
    // Not awaited: a misbehaving source may never settle its return().
    void Promise.resolve(this.iterator.return?.()).catch(() => {});
  }
}
