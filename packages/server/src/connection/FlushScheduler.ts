/** Something holding frames to write, written when the scheduler gets to it. */
export interface Flushable {
  flush(): void;
}

/**
 * How long one turn of the event loop may spend writing, in milliseconds: a quarter of a 60 Hz
 * frame, so a turn stays short even when thousands of sockets have frames waiting.
 */
export const DEFAULT_FLUSH_BUDGET_MS = 4;

/**
 * Writes the frames of every connection once per turn of the event loop, in the check phase
 * (`setImmediate`), after the timers and I/O callbacks that produced them. Whatever a socket
 * received during the turn leaves in one write, one system call, instead of one per frame: on
 * loopback a small write costs 10 to 15 µs of kernel time, several times what building the frame
 * costs.
 *
 * A turn writes for at most `budgetMs`; sockets still waiting are written first in the next turn,
 * in the order they were queued. Writing never holds the event loop for long, so the loop keeps
 * turning: timers, client frames and new connections (libuv accepts one per turn) are served
 * between two slices of writing. A server with more to write than a turn's budget lets frames
 * wait a little longer, and each socket's next write carries all of them: the busier the server,
 * the more frames per system call, which is what lets it keep up instead of falling further behind.
 */
export class FlushScheduler {
  private queue: Flushable[] = [];
  private scheduled = false;

  /**
   * @param budgetMs The longest a turn spends writing. @default 4 (DEFAULT_FLUSH_BUDGET_MS)
   * @param clock Milliseconds, for the budget. @default performance.now
   */
  constructor(
    private readonly budgetMs: number = DEFAULT_FLUSH_BUDGET_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Queues a flush; the caller queues each target once until it is flushed. */
  schedule(target: Flushable): void {
    this.queue.push(target);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.run);
    }
  }

  /** How many targets wait for a flush. */
  get waiting(): number {
    return this.queue.length;
  }

  private readonly run = (): void => {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    const deadline = this.clock() + this.budgetMs;
    let index = 0;
    // At least one per turn, so the queue always moves.
    do {
      (queue[index] as Flushable).flush();
      index += 1;
    } while (index < queue.length && this.clock() < deadline);
    // Anything queued while flushing has scheduled the next turn already.
    if (index === queue.length) return;
    // The rest keeps its place ahead of what was queued during this turn.
    this.queue = queue.slice(index).concat(this.queue);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.run);
    }
  };
}
