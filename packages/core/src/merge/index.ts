// The pure functions that build a ConversationState. Named exports only.
export { applyChunks, applyMessageStart, applyMessageEnd, markStreamLost, resumeCursors } from './replyStream.ts';
export type { ChunkBatchResult } from './replyStream.ts';
export { applyAck, addPendingMessage } from './userMessages.ts';
export { mergeHistory } from './mergeHistory.ts';
export { isFinished } from './conversationUpdates.ts';
export { applyPartEvent, textOfParts } from './messageParts.ts';
