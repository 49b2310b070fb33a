import type { ConversationAction } from '../auth/Authorize.ts';
import type { ConversationRecord } from '../stores/ConversationStore.ts';
import { conversationAccess } from './conversationAccess.ts';
import type { SessionPort } from './SessionPort.ts';

/**
 * Access control for one connection: each action on a conversation is authorized for the
 * connection's user, and a refusal is answered exactly like a missing conversation (`not_found`),
 * so nothing tells a stranger that a conversation exists (protocol v1, "Authorization").
 */
export class SessionAccess {
  constructor(private readonly session: SessionPort) {}

  /** `conversationAccess` for this connection's user, answering `not_found` when refused. */
  async check(
    action: ConversationAction,
    conversationId: string,
    /** The refused `send`'s message id, so the client can settle that message instead of resending it forever. */
    messageId?: string,
  ): Promise<ConversationRecord | null> {
    const { session } = this;
    const conversation = await conversationAccess(session.context, session.userId, action, conversationId);
    if (conversation === null) session.sendError('not_found', 'No such conversation.', messageId === undefined ? { conversationId } : { conversationId, messageId });
    return conversation;
  }

  /** Watches a conversation that is missing or refused, telling a reply only if this user may load it then. */
  watchUntilCreated(conversationId: string): Promise<void> {
    const { session } = this;
    const { conversations, authorize } = session.context;
    return session.followed.watchUntilCreated(conversationId, async () => {
      const conversation = await conversations.get(conversationId);
      return conversation !== null && (await authorize({ userId: session.userId, action: 'load', conversation }));
    });
  }
}
