// Public API of @rejoin/core. Named exports only; types kept apart. Test fakes live in `@rejoin/core/testing`.

// client
export { createChatClient } from './client/createChatClient.ts';
export type { ChatClient, ChatClientOptions, SendOptions, ToolCallRef, ToolCallDecision } from './client/createChatClient.ts';
export type { ClientDevtools, ObservedFrame } from './client/devtoolsTap.ts';

// selectors: what adapters render
export { selectConnection } from './select/connectionView.ts';
export {
  selectConversation,
  selectConversationStatus,
  selectIsPending,
  selectIsProcessing,
  selectMessage,
  selectMessageIds,
  selectMessages,
} from './select/conversationView.ts';
export { selectConversationList } from './select/conversationListView.ts';
export { selectStorageError } from './select/storageError.ts';
export { shallowEqual } from './select/shallowEqual.ts';
export { shallowEqualItems } from './select/shallowEqualItems.ts';
export { selectOpenConversationId } from './select/openConversationId.ts';
export type { ConnectionState, ConnectionView } from './select/connectionView.ts';
export type { ConversationViewStatus } from './select/conversationView.ts';
export type { ConversationListItem } from './select/conversationListView.ts';

// machine
export { chatMachine } from './machine/chatMachine.ts';
export { defaultChatConfig } from './machine/chatConfig.ts';
export type { ChatMachine, ChatSnapshot } from './machine/chatMachine.ts';
export type { ChatConfig } from './machine/chatConfig.ts';
export type { ChatContext, ChatMachineInput } from './machine/chatContext.ts';
export type { ChatEvent } from './machine/chatEvents.ts';

// protocol
export { PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS, negotiatedVersion, DEFAULT_MAX_FRAME_BYTES, ERROR_CODES, CLIENT_FRAME_TYPES, SERVER_FRAME_TYPES } from './protocol/frames.ts';
export { parseServerFrame } from './protocol/parseServerFrame.ts';
export { parseClientFrame } from './protocol/parseClientFrame.ts';
export { encodeFrame } from './protocol/frames.ts';
export { errorCodeForRejection } from './protocol/frameChecks.ts';
export type * from './protocol/frames.ts';
export type { ParseResult } from './protocol/frameChecks.ts';
export type { ParseFrameOptions } from './protocol/frameChecks.ts';

// merge
export {
  addPendingMessage,
  applyAck,
  applyChunks,
  applyMessageEnd,
  applyMessageStart,
  markStreamLost,
  mergeHistory,
} from './merge/index.ts';
export type { ChunkBatchResult } from './merge/index.ts';

// persistence
export {
  clearAllRejoinData,
  createMemoryStorage,
  createPersister,
  decodeRecord,
  recordFromState,
  resolveBrowserStorage,
  stateFromRecord,
  storageKey,
  PERSISTED_RECORD_VERSION,
} from './persistence/index.ts';
export type { KeyValueStorage, PersistedQuestion, PersistedRecord, PersistedStream, Persister, PersisterStats } from './persistence/index.ts';

// socket: the transport it speaks through
export { createWebSocketTransport } from './socket/createWebSocketTransport.ts';
export type { Transport, TransportConnection, TransportHandlers } from './socket/Transport.ts';
export type { WebSocketConstructor, WebSocketLike, WebSocketTransportOptions } from './socket/createWebSocketTransport.ts';
export type { TabChannel, TabLockManager, TabPlatform } from './tabs/TabPlatform.ts';

// model, environment, errors
export { emptyConversation } from './model/conversation.ts';
export { systemClock } from './environment/Clock.ts';
export { RejoinError, ProtocolError, StorageError } from './errors/RejoinError.ts';
export type * from './model/message.ts';
export type * from './model/parts.ts';
export type * from './model/conversation.ts';
export type * from './model/parts.ts';
export type { Clock } from './environment/Clock.ts';
export type { RejoinErrorCode } from './errors/RejoinError.ts';
