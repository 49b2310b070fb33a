import type { Authorize, ConversationAction } from '../auth/Authorize.ts';
import type { ConversationRecord, ConversationStore } from '../stores/ConversationStore.ts';

export interface AccessRules {
  readonly conversations: ConversationStore;
  readonly authorize: Authorize;
  readonly now: () => number;
}

/**
 * The conversation if `userId` may act on it, creating it for a first `send`; null otherwise, which
 * the caller answers `not_found`. A missing conversation and a refused one take the same steps (the
 * store read, then the rule), so nothing tells a stranger that a conversation exists (protocol v1,
 * "Authorization").
 */
export async function conversationAccess(
  { conversations, authorize, now }: AccessRules,
  userId: string,
  action: ConversationAction,
  conversationId: string,
): Promise<ConversationRecord | null> {
  let conversation = await conversations.get(conversationId);
  const allowed = await authorize({ userId, action, conversation });
  // Only a send creates a conversation, whatever a custom rule says about a missing one.
  if (!allowed || (conversation === null && action !== 'send')) return null;
  if (conversation === null) {
    conversation = await conversations.create(conversationId, userId, now());
    // Another user created it between our read and our create: judge again against the winner.
    if (conversation.ownerId !== userId && !(await authorize({ userId, action, conversation }))) return null;
  }
  return conversation;
}
