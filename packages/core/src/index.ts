// Public API of @rejoin/core. Named exports only; types kept apart.
export { PROTOCOL_VERSION, DEFAULT_MAX_FRAME_BYTES, ERROR_CODES } from './protocol/frames.ts';
export { RejoinError, ProtocolError, StorageError } from './errors/RejoinError.ts';
export { emptyConversation } from './model/conversation.ts';

export type * from './protocol/frames.ts';
export type * from './model/message.ts';
export type * from './model/conversation.ts';
export type { RejoinErrorCode } from './errors/RejoinError.ts';
