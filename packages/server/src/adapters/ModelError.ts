import { RejoinError } from '@rejoin/core/protocol';

/**
 * A model adapter could not get a reply: the endpoint answered with an error status, sent an
 * error in the stream, or cut the connection. The server ends the message with `error`.
 */
export class ModelError extends RejoinError {
  override readonly name = 'ModelError';
  /** The HTTP status, when the endpoint answered with one that is not 200. */
  readonly status: number | undefined;

  constructor(message: string, options: { cause?: unknown; status?: number } = {}) {
    super('model/failed', message, options.cause === undefined ? {} : { cause: options.cause });
    this.status = options.status;
  }
}
