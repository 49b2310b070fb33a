/** Something that can be idle: a connection. */
export interface IdleCandidate {
  /** When the peer last sent anything (ms since the epoch). */
  readonly lastSeenAt: number;
  /** False once it is closing: it is neither closed again nor waited for. */
  readonly isOpen: boolean;
  /** Close it because it has been silent too long. */
  closeIdle(): void;
}

/** Sweeps are at least this far apart (or a tenth of the timeout, if shorter). */
const MAX_LATENESS_MS = 1000;

/**
 * One timer for all connections (not one per connection), aimed at the earliest deadline: a
 * connection is closed once it has been silent for `idleTimeoutMs`, never earlier, and at most
 * `min(1 s, idleTimeoutMs / 10)` later (docs/protocol.md, "Heartbeat"). A fixed sweep period would
 * add up to a whole period to every timeout; the gap between sweeps only bounds the cost when
 * connections fall silent at scattered times, to one sweep a second at most.
 */
export class IdleSweeper {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private readonly minGapMs: number;

  constructor(
    private readonly candidates: () => Iterable<IdleCandidate>,
    private readonly idleTimeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.minGapMs = Math.min(MAX_LATENESS_MS, idleTimeoutMs / 10);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // A connection that opens from now on is due no earlier than this.
    this.schedule(this.now() + this.idleTimeoutMs);
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Closes every connection silent for the timeout, then aims the timer at the next deadline. */
  sweep(): void {
    const now = this.now();
    let next = now + this.idleTimeoutMs;
    for (const candidate of [...this.candidates()]) {
      if (!candidate.isOpen) continue;
      const due = candidate.lastSeenAt + this.idleTimeoutMs;
      if (due <= now) candidate.closeIdle();
      else if (due < next) next = due;
    }
    // Traffic only moves deadlines later, so a sweep at `next` is never too late; it may find
    // nothing due and aim again.
    if (this.running) this.schedule(Math.max(next, now + this.minGapMs));
  }

  private schedule(at: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.sweep();
    }, Math.max(0, at - this.now()));
    this.timer.unref?.();
  }
}
