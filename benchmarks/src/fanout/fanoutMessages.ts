/** Messages between the fan-out row and its server process (over the IPC channel). */
export type ServerProcessMessage =
  | { readonly type: 'listening'; readonly url: string }
  | { readonly type: 'memory'; readonly rss: number; readonly heapUsed: number; readonly connections: number };

export type ParentMessage = { readonly type: 'measure-memory' } | { readonly type: 'stop' };

/** What the load process reports for one level (its last stdout line, as JSON). */
export interface LoadReport {
  readonly requested: number;
  /** Clients whose reply was streaming when the measurement window opened. */
  readonly streaming: number;
  readonly connectMs: number;
  readonly windowMs: number;
  readonly chunks: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Sockets closed or errored during the window. */
  readonly dropped: number;
  readonly errors: readonly string[];
}
