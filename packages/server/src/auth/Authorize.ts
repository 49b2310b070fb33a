import type { ConversationRecord } from '../stores/ConversationStore.ts';

/** What a user is trying to do with a conversation. */
export type ConversationAction = 'load' | 'subscribe' | 'send' | 'stop' | 'approve';

export interface AuthorizeInput {
  readonly userId: string;
  readonly action: ConversationAction;
  /** The conversation, or null when it does not exist yet. */
  readonly conversation: ConversationRecord | null;
}

/**
 * Decides whether a user may act on a conversation. A refusal is answered `not_found`, exactly
 * like a conversation that does not exist, so the answer never reveals another user's conversation.
 */
export type Authorize = (input: AuthorizeInput) => boolean | Promise<boolean>;

/**
 * The default rule: a user may use only the conversations they own, and may create a conversation
 * by sending the first message into an id nobody uses yet.
 */
export const authorizeOwner: Authorize = ({ userId, action, conversation }) =>
  conversation === null ? action === 'send' : conversation.ownerId === userId;
