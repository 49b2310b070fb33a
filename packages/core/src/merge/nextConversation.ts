import type { ConversationState } from '../model/conversation.ts';

/**
 * `current` with `changes` applied, or `current` itself when no field changes identity.
 * Every merge function ends here, so "nothing happened" always yields the same object and an
 * adapter's snapshot comparison sees no update.
 */
export function nextConversation(
  current: ConversationState,
  changes: Partial<Pick<ConversationState, 'messages' | 'stream' | 'status' | 'loaded'>>,
): ConversationState {
  const messages = changes.messages ?? current.messages;
  const stream = changes.stream === undefined ? current.stream : changes.stream;
  const status = changes.status ?? current.status;
  const loaded = changes.loaded ?? current.loaded;
  if (
    messages === current.messages &&
    stream === current.stream &&
    status === current.status &&
    loaded === current.loaded
  ) {
    return current;
  }
  return { conversationId: current.conversationId, messages, status, loaded, stream };
}
