import type { ConversationSubscription } from './ConversationSubscription.ts';

/**
 * The conversations one connection follows: one `ConversationSubscription` each, opened on first
 * use, plus at most one conversation watched before it existed.
 */
export class FollowedConversations {
  private readonly byConversation = new Map<string, ConversationSubscription>();
  /** The conversation watched before it existed, if any (see `watchUntilCreated`). */
  private watchedBeforeCreation: string | null = null;

  constructor(
    private readonly create: (conversationId: string) => ConversationSubscription,
    /** True once the connection closed: a subscription opened after that is closed at once. */
    private readonly isClosed: () => boolean,
  ) {}

  /**
   * This connection's subscription to the conversation, opened on first use. Callers have checked
   * access, except `watchUntilCreated`, which passes the check to make when a reply starts.
   */
  async open(conversationId: string, admission?: () => Promise<boolean>): Promise<ConversationSubscription> {
    const existing = this.byConversation.get(conversationId);
    if (existing !== undefined) {
      if (admission === undefined) {
        existing.admit();
        if (this.watchedBeforeCreation === conversationId) this.watchedBeforeCreation = null;
      }
      return existing;
    }
    const subscription = this.create(conversationId);
    if (admission !== undefined) subscription.admitOnlyIf(admission);
    // A handler still running after the socket closed must not leave a watcher behind.
    if (this.isClosed()) subscription.close();
    else this.byConversation.set(conversationId, subscription);
    await subscription.open();
    return subscription;
  }

  /**
   * A conversation this connection loaded before it existed (a new chat open in this tab, while
   * another tab of the user sends its first message) is watched anyway, or this tab would show
   * nothing of that exchange until reloaded. Whoever creates it, the first reply is told only if
   * `admission` holds then (the user may load the conversation). A refused load of an existing
   * conversation is watched the same way, so it is never told anything and takes the missing
   * one's path. One such watch per connection: a client loads the conversation it shows, so only
   * the last one matters, and a flood of loads holds nothing.
   */
  async watchUntilCreated(conversationId: string, admission: () => Promise<boolean>): Promise<void> {
    if (this.byConversation.has(conversationId)) return;
    if (this.watchedBeforeCreation !== null) this.unsubscribe(this.watchedBeforeCreation);
    this.watchedBeforeCreation = conversationId;
    await this.open(conversationId, admission);
  }

  unsubscribe(conversationId: string): void {
    this.byConversation.get(conversationId)?.close();
    this.byConversation.delete(conversationId);
  }

  closeAll(): void {
    for (const subscription of this.byConversation.values()) subscription.close();
    this.byConversation.clear();
  }
}
