/**
 * Every error Rejoin reports is a `RejoinError` with a stable `code`, so callers can branch on the
 * code instead of parsing messages. Messages start with `[rejoin]` and say what to do.
 */
export type RejoinErrorCode =
  // a frame from the peer could not be used
  | 'protocol/malformed'
  | 'protocol/too_large'
  | 'protocol/unsupported_version'
  | 'protocol/unknown_type'
  // the persisted snapshot could not be used, or written
  | 'storage/corrupt'
  | 'storage/version'
  | 'storage/foreign_namespace'
  | 'storage/quota'
  | 'storage/unavailable'
  // the connection
  | 'connection/timeout'
  | 'connection/heartbeat'
  | 'connection/failed'
  // the server said no (its `error` frame), or lost a stream
  | 'server/error'
  | 'stream/lost'
  // the reference server: an option out of range, or a store call that breaks the store's contract
  | 'config/invalid'
  | 'store/invariant'
  // a model adapter of the reference server: the model's endpoint refused or broke the stream
  | 'model/failed'
  // the client API was called wrongly
  | 'usage/invalid'
  // the client API asked for something the server's protocol version lacks (approvals, files on v1)
  | 'usage/unsupported';

export class RejoinError extends Error {
  override readonly name: string = 'RejoinError';
  readonly code: RejoinErrorCode;

  constructor(code: RejoinErrorCode, message: string, options?: { cause?: unknown }) {
    super(message.startsWith('[rejoin]') ? message : `[rejoin] ${message}`, options);
    this.code = code;
  }
}

/** A frame that failed validation. The client drops the frame and keeps running. */
export class ProtocolError extends RejoinError {
  override readonly name = 'ProtocolError';
  /** The first 200 characters of the offending frame, for logs. */
  readonly excerpt: string;

  constructor(
    code: Extract<RejoinErrorCode, `protocol/${string}`>,
    message: string,
    excerpt: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.excerpt = excerpt.slice(0, 200);
  }
}

/** The persisted snapshot was unusable or could not be written. The client keeps running. */
export class StorageError extends RejoinError {
  override readonly name = 'StorageError';

  constructor(code: Extract<RejoinErrorCode, `storage/${string}`>, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
