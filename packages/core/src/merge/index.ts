// The pure functions that build a ConversationState. Named exports only.
export { applyChunks } from './applyChunks.ts';
export type { ChunkBatchResult } from './applyChunks.ts';
export { applyMessageStart } from './applyMessageStart.ts';
export { applyMessageEnd } from './applyMessageEnd.ts';
export { applyAck } from './applyAck.ts';
export { addPendingMessage } from './addPendingMessage.ts';
export { mergeHistory } from './mergeHistory.ts';
export { markStreamLost } from './markStreamLost.ts';
export { resumeCursors } from './resumeCursors.ts';
export { isFinished } from './isFinished.ts';
