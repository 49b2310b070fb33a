import type { HistoryMessage } from '@rejoin/core/protocol';
import type { StreamMeta } from '../../stores/StreamStore.ts';

/** A running stream's meta in conversation `conv-1` of `user-1`, with any field overridden. */
export const streamMeta = (messageId: string, overrides: Partial<StreamMeta> = {}): StreamMeta => ({
  conversationId: 'conv-1',
  messageId,
  ownerId: 'user-1',
  replyTo: 'question',
  index: 1,
  startedAt: 1000,
  ...overrides,
});

/** A complete user message. */
export const userMessage = (id: string, text: string, createdAt = 1): HistoryMessage => ({
  id,
  role: 'user',
  text,
  status: 'complete',
  createdAt,
});
