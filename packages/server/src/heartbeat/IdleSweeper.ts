/** Something that can be idle: a connection. */
export interface IdleCandidate {
  /** When the peer last sent anything (ms since the epoch). */
  readonly lastSeenAt: number;
  /** Close it because it has been silent too long. */
  closeIdle(): void;
}

/**
 * One timer for all connections (not one per connection): every `idleTimeoutMs / 4` it closes the
 * connections silent for longer than `idleTimeoutMs`, so a dead peer is noticed within 1.25 timeouts.
 */
export class IdleSweeper {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly candidates: () => Iterable<IdleCandidate>,
    private readonly idleTimeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => this.sweep(), Math.max(10, Math.floor(this.idleTimeoutMs / 4)));
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  sweep(): void {
    const deadline = this.now() - this.idleTimeoutMs;
    for (const candidate of [...this.candidates()]) {
      if (candidate.lastSeenAt < deadline) candidate.closeIdle();
    }
  }
}
