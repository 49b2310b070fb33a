import { DEFAULT_MAX_FRAME_BYTES, RejoinError } from '@rejoin/core/protocol';

/** Per-connection limits. Exceeding one is answered with an `error` frame; the connection stays open. */
export interface ServerLimits {
  /**
   * The largest frame accepted, in UTF-8 bytes of its text (`frame_too_large` beyond; the
   * connection stays open). The WebSocket layer refuses a message over 4 times this many bytes
   * outright, closing with 1009 and no `error` frame: a hard cap, so the server never reads an
   * unbounded message before refusing it.
   * @default 1048576 (DEFAULT_MAX_FRAME_BYTES)
   */
  readonly maxFrameBytes?: number;
  /**
   * The longest user message, in Unicode code points (`message_too_long` beyond).
   * @default 32000
   */
  readonly maxMessageChars?: number;
  /**
   * Messages a connection may send in a burst before the rate applies: its own token bucket holds
   * this many, starts full, and every message received takes one (pings and refused frames too).
   * @default 60
   */
  readonly burstFrames?: number;
  /**
   * Tokens per second refilled into each connection's bucket, so the messages per second it may
   * send on average (`rate_limited` with `retryAfterMs` beyond).
   * @default 20
   */
  readonly framesPerSecond?: number;
  /**
   * Bytes allowed to wait in a connection's send buffer. A client that reads slower than the
   * server writes is disconnected past this, rather than buffered without bound; it resumes from
   * its cursor when it reconnects.
   * @default 4194304 (4 MiB)
   */
  readonly maxBufferedBytes?: number;
  /**
   * The most messages a `load` returns (a `load` may ask for fewer with `limit`).
   * @default 1000
   */
  readonly maxHistoryMessages?: number;
  /**
   * The largest tool output a reply may carry, in bytes of its JSON (protocol v2). A larger
   * `tool-output` is replaced by a `tool-error` saying so, and the reply goes on.
   * @default 65536 (64 KiB)
   */
  readonly maxToolOutputBytes?: number;
}

export type ResolvedLimits = Required<ServerLimits>;

export const DEFAULT_LIMITS: ResolvedLimits = {
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  maxMessageChars: 32_000,
  burstFrames: 60,
  framesPerSecond: 20,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxHistoryMessages: 1000,
  maxToolOutputBytes: 64 * 1024,
};

/** The limits with defaults filled in; throws a `config/invalid` RejoinError for a value out of range. */
export function resolveLimits(limits: ServerLimits = {}): ResolvedLimits {
  const resolved: ResolvedLimits = { ...DEFAULT_LIMITS, ...definedOnly(limits) };
  for (const [name, value] of Object.entries(resolved)) {
    if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
      throw new RejoinError('config/invalid', `[rejoin] limits.${name} must be a finite number > 0, got ${String(value)}.`);
    }
  }
  return resolved;
}

/** Drops keys whose value is undefined, so they do not override the defaults. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
