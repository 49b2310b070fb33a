import type { ConversationState } from '../model/conversation.ts';
import type { ChatMessage } from '../model/message.ts';
import type { MessageEndFrame } from '../protocol/frames.ts';
import type { ChunkBatchResult } from './applyChunks.ts';
import { isFinished } from './isFinished.ts';
import { nextConversation } from './nextConversation.ts';
import { positionOf } from './positionOf.ts';
import { replaceMessage } from './replaceMessage.ts';
import { settledStatus } from './settledStatus.ts';
import { sameOrNewStream, streamCursor } from './streamCursor.ts';
import { followedMessage, takesOverStream } from './takesOverStream.ts';

/**
 * An assistant reply ended.
 *
 * - The text held stops before `frame.lastSeq`: the tail is missing, so the reply stays
 *   `streaming`, its stream is marked `awaitingReplay`, and `replayFrom` asks for the rest
 *   (the server's replay ends with this `message_end` again). Asked every time, unlike a chunk
 *   gap: an end is the last frame of its stream, so nothing later would ask again.
 * - Otherwise the reply takes its status from `finishReason` (`complete`, `stopped`, `error`);
 *   when it was the followed stream (or none was), the stream is cleared and the conversation
 *   becomes `idle`, or `errored` when the newest reply held ended in `error` (normally this
 *   one; an older reply's late end does not speak for the conversation). A newer reply being
 *   followed is left alone.
 *
 * A reply this client never heard of is created (`createdAt: 0`, no `index` until history
 * or `message_start` brings them), so an empty reply that failed still shows. An end for a
 * reply that already ended is ignored.
 */
export function applyMessageEnd(conversation: ConversationState, frame: MessageEndFrame): ChunkBatchResult {
  const unchanged: ChunkBatchResult = { conversation, replayFrom: null };
  if (frame.conversationId !== conversation.conversationId) return unchanged;
  const { messages, stream, conversationId } = conversation;
  const held = messages[positionOf(messages, frame.messageId)];
  if (held !== undefined && (held.role !== 'assistant' || isFinished(held))) return unchanged;

  const base: ChatMessage = held ?? {
    id: frame.messageId,
    role: 'assistant',
    text: '',
    status: 'streaming',
    createdAt: 0,
    seq: 0,
  };
  const seq = base.seq ?? 0;
  const tailMissing = seq < frame.lastSeq;
  const message: ChatMessage = tailMissing
    ? base.status === 'streaming' ? base : { ...base, status: 'streaming' }
    : { ...base, status: frame.finishReason };
  const nextMessages =
    message === held ? messages : held === undefined ? [...messages, message] : replaceMessage(messages, message);

  const follows =
    stream === null ||
    stream.messageId === message.id ||
    takesOverStream(positionOf(nextMessages, message.id), followedMessage(nextMessages, stream.messageId));

  if (tailMissing) {
    const next = follows
      ? nextConversation(conversation, {
          messages: nextMessages,
          stream: sameOrNewStream(stream, message.id, seq, true),
          status: 'streaming',
        })
      : nextConversation(conversation, { messages: nextMessages });
    return { conversation: next, replayFrom: streamCursor(conversationId, message.id, seq) };
  }

  if (!follows) return { conversation: nextConversation(conversation, { messages: nextMessages }), replayFrom: null };
  return {
    conversation: nextConversation(conversation, {
      messages: nextMessages,
      stream: null,
      status: settledStatus(nextMessages, conversation.status),
    }),
    replayFrom: null,
  };
}
