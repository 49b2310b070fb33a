// Public API of @rejoin/server. Named exports only; types kept apart.

// server
export { createRejoinServer } from './server/createRejoinServer.ts';
export type { RejoinServer, RejoinServerAddress } from './server/createRejoinServer.ts';
export { runWorkers } from './server/runWorkers.ts';
export type { RunWorkersOptions } from './server/runWorkers.ts';
export type { RejoinServerOptions, RejoinStores, ShutdownOptions } from './server/RejoinServerOptions.ts';

// stores
export { MemoryConversationStore } from './stores/memory/MemoryConversationStore.ts';
export { MemoryStreamStore, DEFAULT_RETENTION_MS } from './stores/memory/MemoryStreamStore.ts';
export { conversationStatus, conversationTitle, TITLE_MAX_CHARS } from './stores/summarizeConversation.ts';
export type {
  AppendResult,
  ConversationRecord,
  ConversationStore,
  HistoryOptions,
  MessagePatch,
} from './stores/ConversationStore.ts';
export type {
  StreamChunk,
  StreamEvent,
  StreamListener,
  StreamMeta,
  StreamOutcome,
  StreamRecord,
  StreamStartListener,
  StreamStore,
  Unsubscribe,
} from './stores/StreamStore.ts';
export type { MemoryConversationStoreOptions } from './stores/memory/MemoryConversationStore.ts';
export type { MemoryStreamStoreOptions } from './stores/memory/MemoryStreamStore.ts';

// generation
export { createSimulatedModel, DEFAULT_TOKENS_PER_SECOND } from './generation/simulatedModel.ts';
export { simulatedReplyText, simulatedReplyTokens } from './generation/simulatedReply.ts';
export type { Respond, RespondInput, RespondPiece, RespondContinuation } from './generation/Respond.ts';
export type { PartEvent, MessagePart, FileAttachment } from '@rejoin/core/protocol';
export { toolOutputTooLarge } from './streams/ReplyWriter.ts';
export { foldParts, textOfParts, type StreamPiece } from './streams/foldParts.ts';
export { isResearchPrompt, simulatedResearchPieces, RESEARCH_SEARCH_CALL_ID, RESEARCH_SAVE_CALL_ID } from './generation/simulatedResearchReply.ts';
export type { SimulatedModelOptions } from './generation/simulatedModel.ts';
export type { ActiveGeneration } from './streams/GenerationRegistry.ts';

// auth
export { createTokenAuthenticator, userIdForToken, MIN_TOKEN_CHARS } from './auth/createTokenAuthenticator.ts';
export { authorizeOwner } from './auth/Authorize.ts';
export type { Authenticate, AuthenticateInput, AuthenticatedUser } from './auth/Authenticate.ts';
export type { Authorize, AuthorizeInput, ConversationAction } from './auth/Authorize.ts';

// limits, heartbeat
export { DEFAULT_LIMITS } from './limits/ServerLimits.ts';
export { DEFAULT_HEARTBEAT } from './heartbeat/HeartbeatOptions.ts';
export type { ServerLimits } from './limits/ServerLimits.ts';
export type { HeartbeatOptions } from './heartbeat/HeartbeatOptions.ts';

// connection
export { CLOSE_CODES } from './connection/closeCodes.ts';
export type { DeliveryInterceptor } from './connection/SocketWriter.ts';

// http
export { createStaticHandler } from './http/createStaticHandler.ts';
export type { RequestHandler } from './http/createStaticHandler.ts';

// logging
export { createLogger } from './logging/createLogger.ts';
export type { CreateLoggerOptions, LogFields, Logger, LogLevel, LogValue } from './logging/createLogger.ts';

// Redis stores: several instances, any of them resumes any stream
export { createRedisStores } from './stores/redis/createRedisStores.ts';
export { RedisConnection, DEFAULT_KEY_PREFIX } from './stores/redis/RedisConnection.ts';
export { RedisConversationStore } from './stores/redis/RedisConversationStore.ts';
export { RedisStreamStore } from './stores/redis/RedisStreamStore.ts';
export { RedisGenerationCoordinator, DEFAULT_LEASE_MS } from './stores/redis/RedisGenerationCoordinator.ts';
export { ORPHANED } from './streams/settleOrphans.ts';
export type { RedisStores, RedisStoresOptions } from './stores/redis/createRedisStores.ts';
export type { RedisConnectionOptions } from './stores/redis/RedisConnection.ts';
export type { RedisConversationStoreOptions } from './stores/redis/RedisConversationStore.ts';
export type { RedisStreamStoreOptions } from './stores/redis/RedisStreamStore.ts';
export type { RedisGenerationCoordinatorOptions } from './stores/redis/RedisGenerationCoordinator.ts';
export type { GenerationCoordinator, CoordinatorHandlers, ReleaseOutcome } from './streams/GenerationCoordinator.ts';
