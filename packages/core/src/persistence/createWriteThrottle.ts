import type { Clock } from '../environment/Clock.ts';

/** Runs a write at most once per window, the first at once and the rest coalesced to the window's end. */
export interface WriteThrottle {
  /** A change is waiting: write now when no window is open, else once when the window closes. */
  request(): void;
  /** Forgets a waiting write and closes the window (the caller writes or drops what waits). */
  cancel(): void;
}

/**
 * Leading and trailing throttle on the injected clock. A change streams per token; writing each
 * would touch storage dozens of times a second on the main thread, so writes are one per
 * `windowMs`, the first without delay (a single change is stored at once) and the last never
 * dropped (a trailing write at the window's end, which opens a window of its own so a change right
 * after it waits too). A window of 0 writes every change at once, without a timer.
 */
export function createWriteThrottle(clock: Clock, windowMs: number, write: () => void): WriteThrottle {
  let timer: unknown = null;
  let waiting = false;

  const closeWindow = (): void => {
    timer = null;
    if (!waiting) return;
    waiting = false;
    write();
    timer = clock.setTimeout(closeWindow, windowMs);
  };

  return {
    request() {
      if (windowMs === 0) {
        write();
        return;
      }
      if (timer !== null) {
        waiting = true;
        return;
      }
      write();
      timer = clock.setTimeout(closeWindow, windowMs);
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      waiting = false;
    },
  };
}
