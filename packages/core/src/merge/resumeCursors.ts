import type { ConversationState } from '../model/conversation.ts';
import type { StreamCursor } from '../model/message.ts';

/**
 * The cursors to send in `hello` (or as `subscribe`s) after a reconnect: one per reply this
 * client holds as `streaming`, at the last contiguous seq it holds. Every streaming reply, not
 * only the followed one: a reply whose `message_end` was lost with the connection is still
 * streaming here, and its replay (or its place in `lostStreams`) is what settles it.
 */
export function resumeCursors(conversation: ConversationState): StreamCursor[] {
  const cursors: StreamCursor[] = [];
  for (const message of conversation.messages) {
    if (message.status === 'streaming') {
      cursors.push({ conversationId: conversation.conversationId, messageId: message.id, lastSeq: message.seq ?? 0 });
    }
  }
  return cursors;
}
