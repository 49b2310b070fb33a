import type { ChatSnapshot } from '../machine/chatMachine.ts';
import type { ConversationSummary } from '../protocol/frames.ts';

export interface ConversationListItem extends ConversationSummary {
  /** A reply is being generated there right now (the list's "streaming dot"). */
  readonly streaming: boolean;
}

const cache = new WeakMap<object, { list: readonly ConversationSummary[]; items: readonly ConversationListItem[] }>();

/**
 * The user's conversations, newest first, each with a live streaming flag, plus the conversations
 * this client knows that the server has not listed yet (a chat typed offline). Memoized on its inputs.
 */
export function selectConversationList(snapshot: ChatSnapshot): readonly ConversationListItem[] {
  const { conversationList, activeStreams, conversations } = snapshot.context;
  const cached = cache.get(activeStreams);
  if (cached && cached.list === conversationList && cachedConversations.get(cached.items) === conversations) return cached.items;
  const listed = new Set(conversationList.map((item) => item.conversationId));
  const local: ConversationListItem[] = Object.values(conversations)
    .filter((conversation) => !listed.has(conversation.conversationId) && conversation.messages.length > 0)
    .map((conversation) => ({
      conversationId: conversation.conversationId,
      title: conversation.messages.find((message) => message.role === 'user')?.text.slice(0, 60) ?? 'New chat',
      status: conversation.stream ? 'streaming' : 'idle',
      updatedAt: conversation.messages[conversation.messages.length - 1]?.createdAt ?? 0,
      messageCount: conversation.messages.length,
      streaming: conversation.stream !== null,
    }));
  const items = [
    ...local,
    ...conversationList.map((item) => ({
      ...item,
      streaming: activeStreams[item.conversationId] !== undefined || conversations[item.conversationId]?.stream != null,
    })),
  ].sort((a, b) => b.updatedAt - a.updatedAt);
  cache.set(activeStreams, { list: conversationList, items });
  cachedConversations.set(items, conversations);
  return items;
}
const cachedConversations = new WeakMap<object, object>();
