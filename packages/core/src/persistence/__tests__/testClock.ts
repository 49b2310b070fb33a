import type { Clock } from '../../environment/Clock.ts';

/** A manual clock for these tests: time moves only through `advance`, firing due timers in order. */
export interface TestClock extends Clock {
  advance(ms: number): void;
  readonly pendingTimers: number;
}

export function createTestClock(start = 1_700_000_000_000): TestClock {
  let now = start;
  let nextHandle = 1;
  const timers = new Map<number, { readonly at: number; readonly callback: () => void }>();

  return {
    now: () => now,
    setTimeout(callback, ms) {
      const handle = nextHandle;
      nextHandle += 1;
      timers.set(handle, { at: now + Math.max(0, ms), callback });
      return handle;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let due: [number, { readonly at: number; readonly callback: () => void }] | undefined;
        for (const entry of timers) {
          // Map order is creation order, so equal deadlines fire in the order they were set.
          if (entry[1].at <= end && (due === undefined || entry[1].at < due[1].at)) due = entry;
        }
        if (due === undefined) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = end;
    },
    get pendingTimers() {
      return timers.size;
    },
  };
}
