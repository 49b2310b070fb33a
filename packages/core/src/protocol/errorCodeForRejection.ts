import type { ProtocolError } from '../errors/RejoinError.ts';
import type { ErrorCode } from './frames.ts';

/**
 * The `error` frame code a server answers a refused client frame with (docs/protocol.md,
 * "Error codes"): too large → `frame_too_large` and wrong version → `unsupported_version`
 * (fatal); anything else unusable → `bad_frame`.
 */
export function errorCodeForRejection(error: ProtocolError): ErrorCode {
  switch (error.code) {
    case 'protocol/too_large':
      return 'frame_too_large';
    case 'protocol/unsupported_version':
      return 'unsupported_version';
    default:
      return 'bad_frame';
  }
}
