import type { ProtocolError } from '../errors/RejoinError.ts';

/**
 * The outcome of validating one incoming frame. Parsers return it instead of throwing, so a bad
 * frame from the peer is an ordinary value the caller logs and drops, never a crash.
 */
export type ParseResult<F> =
  | { readonly ok: true; readonly frame: F }
  | { readonly ok: false; readonly error: ProtocolError };
