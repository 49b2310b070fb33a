import type { Clock } from '../environment/Clock.ts';

/**
 * A manual clock for tests and stories: time moves only when you call `advance`. Pass it to
 * `createChatClient({ clock })` and to `createFakeServer({ clock })` so the client's timers, its
 * backoff and the fake server's token stream all run on the same time line.
 */
export class FakeClock implements Clock {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  /**
   * No timer falls due before this (a lower bound: a cleared timer may have set it), so an advance
   * that ends earlier skips the search. Benchmarks advance once per frame; a search over every
   * pending timer each time would be measured as the client's cost.
   */
  private earliestDue = Infinity;

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++;
    const at = this.time + Math.max(0, ms);
    this.timers.set(id, { at, callback });
    if (at < this.earliestDue) this.earliestDue = at;
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.timers.size;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due, in time order (timers set by a
   * firing timer fire too when they fall within the window).
   */
  advance(ms: number): void {
    const end = this.time + ms;
    if (end < this.earliestDue) {
      this.time = end;
      return;
    }
    for (;;) {
      let dueId: number | null = null;
      let dueAt = Infinity;
      for (const [id, timer] of this.timers) {
        if (timer.at <= end && timer.at < dueAt) {
          dueAt = timer.at;
          dueId = id;
        }
      }
      if (dueId === null) {
        this.earliestDue = Infinity;
        for (const timer of this.timers.values()) if (timer.at < this.earliestDue) this.earliestDue = timer.at;
        break;
      }
      const timer = this.timers.get(dueId)!;
      this.timers.delete(dueId);
      this.time = Math.max(this.time, timer.at);
      timer.callback();
    }
    this.time = end;
  }

  /** Fires timers due now (a zero-delay batch flush, say) without moving time. */
  flush(): void {
    this.advance(0);
  }
}
