/** Messages between the fan-out row and its server process (over the IPC channel). */
export type ServerProcessMessage =
  | { readonly type: 'listening'; readonly url: string }
  | { readonly type: 'memory'; readonly rss: number; readonly heapUsed: number; readonly connections: number }
  /** The server process's CPU time so far (user + system), in milliseconds. */
  | { readonly type: 'cpu'; readonly cpuMs: number };

export type ParentMessage = { readonly type: 'measure-memory' } | { readonly type: 'measure-cpu' } | { readonly type: 'stop' };

/** What the load process reports for one level (its last stdout line, as JSON). */
export interface LoadReport {
  readonly requested: number;
  /** Clients that completed the handshake (hello, welcome) within the connect timeout. */
  readonly connected: number;
  /** Clients whose reply was streaming when the measurement window opened. */
  readonly streaming: number;
  /** How long the handshakes took (the server streaming nothing yet). */
  readonly connectMs: number;
  /** From the first `send` until every connected client's reply was streaming (or the start timeout). */
  readonly startMs: number;
  readonly windowMs: number;
  readonly chunks: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Sockets closed or errored during the window. */
  readonly dropped: number;
  /** Chunks that did not carry the seq after their client's previous chunk: a broken guarantee. */
  readonly outOfOrder: number;
  /** The load process's own CPU time during the window (user + system), in milliseconds. */
  readonly cpuMs: number;
  readonly errors: readonly string[];
}
