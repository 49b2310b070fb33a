import { FakeClock } from '@rejoin/core/testing';

/**
 * The clock of a story: a `FakeClock` (time moves only when told to), whose zero-delay timers run
 * by themselves once `settle()` was called. A scenario builds its state by advancing time, then
 * settles: from then on a click in the story still gets its immediate answers (the fake server's
 * ack, the frame batcher's flush, the end of a stopped reply) while no timed event (a token, a
 * backoff, a timeout) ever fires on its own, so the story stays in the state it shows.
 */
export class FrozenClock extends FakeClock {
  private settled = false;
  private flushQueued = false;

  override setTimeout(callback: () => void, ms: number): number {
    const id = super.setTimeout(callback, ms);
    if (this.settled && ms <= 0 && !this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
    return id;
  }

  /** From now on, zero-delay timers fire on the next microtask without anyone advancing time. */
  settle(): void {
    this.settled = true;
  }
}
