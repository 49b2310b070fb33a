import type { ConversationState } from '../model/conversation.ts';
import type { ChatMessage } from '../model/message.ts';
import type { MessageStartFrame } from '../protocol/frames.ts';
import { isFinished } from './isFinished.ts';
import { nextConversation } from './nextConversation.ts';
import { orderMessages } from './orderMessages.ts';
import { positionOf } from './positionOf.ts';
import { replaceMessage } from './replaceMessage.ts';
import { settledStatus } from './settledStatus.ts';
import { sameOrNewStream } from './streamCursor.ts';
import { followedMessage, takesOverStream } from './takesOverStream.ts';

/**
 * An assistant reply began: adds it as an empty streaming message at its `index` and follows its
 * stream (`lastSeq` 0), conversation status `streaming`.
 *
 * Idempotent, because a replay or a reordered frame can bring the start again or late:
 * - the reply is already held (chunks arrived first): it keeps its text and seq and gains the
 *   server's `index` and `createdAt`; a stream already followed keeps its `awaitingReplay`;
 * - the reply already ended: only `index` and `createdAt` are filled in, nothing reopens;
 * - a newer reply is being followed: the older one is not followed again.
 */
export function applyMessageStart(conversation: ConversationState, frame: MessageStartFrame): ConversationState {
  if (frame.conversationId !== conversation.conversationId) return conversation;
  const { messages, stream } = conversation;
  const held = messages[positionOf(messages, frame.messageId)];
  if (held !== undefined && held.role !== 'assistant') return conversation;

  const message: ChatMessage =
    held === undefined
      ? {
          id: frame.messageId,
          role: 'assistant',
          text: '',
          status: 'streaming',
          createdAt: frame.createdAt,
          seq: 0,
          index: frame.index,
        }
      : withStart(held, frame);
  if (message === held && isFinished(held)) return conversation;
  const nextMessages =
    message === held
      ? messages
      : orderMessages(held === undefined ? [...messages, message] : replaceMessage(messages, message));
  if (isFinished(message)) {
    // A late start moves an ended reply into place, which may change which reply is newest.
    const status = stream === null ? settledStatus(nextMessages, conversation.status) : conversation.status;
    return nextConversation(conversation, { messages: nextMessages, status });
  }

  const follows =
    stream === null ||
    stream.messageId === message.id ||
    takesOverStream(positionOf(nextMessages, message.id), followedMessage(nextMessages, stream.messageId));
  if (!follows) return nextConversation(conversation, { messages: nextMessages });
  const awaiting = stream?.messageId === message.id && stream.awaitingReplay;
  return nextConversation(conversation, {
    messages: nextMessages,
    stream: sameOrNewStream(stream, message.id, message.seq ?? 0, awaiting),
    status: 'streaming',
  });
}

function withStart(held: ChatMessage, frame: MessageStartFrame): ChatMessage {
  // The server announcing the start again proves it still has the stream.
  const status = held.status === 'interrupted' ? 'streaming' : held.status;
  if (held.index === frame.index && held.createdAt === frame.createdAt && status === held.status) return held;
  return { ...held, index: frame.index, createdAt: frame.createdAt, status };
}
