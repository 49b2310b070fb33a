/** The pacer's resolution: a token is released at most this late, on an idle process. */
const TICK_MS = 2;

/**
 * Wakes waiters at their due time (`performance.now()` milliseconds) from a single interval timer,
 * in slots of `TICK_MS`: thousands of streams at 20 tokens/s cost one timer callback per tick
 * instead of one timer, promise and abort listener per token. The timer runs only while someone
 * waits, and never keeps the process alive.
 *
 * A tick wakes at most `maxPerTick` waiters, the earliest due first; the others wait for the next
 * tick. On a saturated process the timer fires late and many waiters are due at once: like tokens
 * queued in a model API's socket until the server reads them, they then come in bounded batches,
 * and the event loop keeps turning (taking connections, writing frames) between two batches.
 */
export class TokenPacer {
  private readonly slots = new Map<number, Array<() => void>>();
  private waiters = 0;
  /** The earliest slot that may still hold waiters. */
  private nextSlot = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  /** @param maxPerTick The most waiters one tick wakes. @default 1000 */
  constructor(private readonly maxPerTick = 1000) {}

  /** Resolves at the first tick at or after `dueAt`; one already due resolves at the next tick. */
  until(dueAt: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.timer === null) {
        this.nextSlot = Math.floor(performance.now() / TICK_MS);
        this.timer = setInterval(() => this.tick(), TICK_MS);
        this.timer.unref();
      }
      const slot = Math.max(this.nextSlot, Math.ceil(dueAt / TICK_MS));
      const waiting = this.slots.get(slot);
      if (waiting === undefined) this.slots.set(slot, [resolve]);
      else waiting.push(resolve);
      this.waiters += 1;
    });
  }

  private tick(): void {
    const current = Math.floor(performance.now() / TICK_MS);
    let budget = this.maxPerTick;
    while (this.nextSlot <= current && budget > 0) {
      const waiting = this.slots.get(this.nextSlot);
      if (waiting === undefined) {
        this.nextSlot += 1;
        continue;
      }
      const woken = waiting.length <= budget ? waiting : waiting.splice(0, budget);
      if (woken === waiting) {
        this.slots.delete(this.nextSlot);
        this.nextSlot += 1;
      }
      budget -= woken.length;
      this.waiters -= woken.length;
      for (const resolve of woken) resolve();
    }
    if (this.waiters === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
