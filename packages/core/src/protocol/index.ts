// @rejoin/core/protocol: wire protocol v1 alone (types, validators, encoder, errors), without the
// client and xstate, for servers and tools that only speak the protocol.
export {
  PROTOCOL_VERSION,
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
export type { ParseResult, ParseFrameOptions } from './frameChecks.ts';
export type { RejoinErrorCode } from '../errors/RejoinError.ts';
