import type { ChatSnapshot } from '@rejoin/core';
import type { PendingMessage } from '@rejoin/ui/react';

/**
 * The conversation's messages still in the client's outbox, for the composer's "queued" list.
 * Builds a new array on each call: bind it with `shallowEqualItems`.
 */
export function selectQueuedMessages(snapshot: ChatSnapshot, conversationId: string): readonly PendingMessage[] {
  return snapshot.context.outbox
    .filter((entry) => entry.conversationId === conversationId)
    .map((entry) => ({ id: entry.messageId, text: entry.text }));
}
