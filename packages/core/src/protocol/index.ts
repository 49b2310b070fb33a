// @rejoin/core/protocol: wire protocol v2 (v1 still spoken) alone (types, validators, encoder, errors), without the
// client and xstate, for servers and tools that only speak the protocol.
export {
  PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
  negotiatedVersion,
  DEFAULT_MAX_FRAME_BYTES,
  ERROR_CODES,
  CLIENT_FRAME_TYPES,
  SERVER_FRAME_TYPES,
} from './frames.ts';
export { parseServerFrame } from './parseServerFrame.ts';
export { parseClientFrame } from './parseClientFrame.ts';
export { encodeFrame } from './frames.ts';
export { errorCodeForRejection } from './frameChecks.ts';
export { RejoinError, ProtocolError } from '../errors/RejoinError.ts';

export type * from './frames.ts';
export type * from '../model/message.ts';
export type * from '../model/parts.ts';
export type { ParseResult } from './frameChecks.ts';
export type { ParseFrameOptions } from './frameChecks.ts';
export type { RejoinErrorCode } from '../errors/RejoinError.ts';
