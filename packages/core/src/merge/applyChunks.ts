import type { ConversationState, StreamState } from '../model/conversation.ts';
import type { ChatMessage, StreamCursor } from '../model/message.ts';
import type { ChunkFrame } from '../protocol/frames.ts';
import { isFinished } from './isFinished.ts';
import { nextConversation } from './nextConversation.ts';
import { positionOf } from './positionOf.ts';
import { sameOrNewStream, streamCursor } from './streamCursor.ts';
import { followedMessage, takesOverStream, type FollowedMessage } from './takesOverStream.ts';

/** What a merge step produced, and whether the client must resubscribe to fill a hole. */
export interface ChunkBatchResult {
  readonly conversation: ConversationState;
  /**
   * Set when a chunk skipped ahead (or a reply ended past the text held): send `subscribe` from
   * this cursor so the server replays what is missing. Null when nothing is missing.
   */
  readonly replayFrom: StreamCursor | null;
}

/** One message's changes within a batch: the pieces are joined once, at the end. */
interface Draft {
  readonly position: number;
  readonly base: ChatMessage;
  readonly created: boolean;
  readonly pieces: string[];
  seq: number;
  status: ChatMessage['status'];
}

/**
 * Folds a batch of chunk frames (those that arrived within one task) into a conversation.
 *
 * Per chunk, against the message's `seq` (the last contiguous chunk its text holds):
 * - `seq + 1`: appended. A reply this client had not heard of yet (its `message_start` is late
 *   or lost) is created as a streaming assistant message with `createdAt: 0` and no `index`,
 *   meaning "not known yet": `message_start` or the next history load fills both in.
 * - `<= seq`: a duplicate (a replay overlapping live chunks), ignored.
 * - further ahead: a gap. The chunk is NOT applied (text stays a correct prefix) and nothing is
 *   skipped; the stream is marked `awaitingReplay` and `replayFrom` asks for a resubscribe.
 *   While a replay is awaited, further gaps ask for nothing more; the next in-order chunk
 *   (normally the replay's first) clears the flag.
 * - a message that already ended (`complete`, `stopped`, `error`), or a user message: ignored.
 *   An `interrupted` reply that gets a fresh chunk is `streaming` again: the server has it.
 *
 * The stream followed moves to the reply a fresh chunk belongs to, unless a newer reply is still
 * streaming (an older reply whose end was missed must not take the cursor back). A followed
 * stream makes the conversation `streaming`.
 *
 * Chunks of another conversation are ignored (the caller routes by conversation).
 *
 * Consecutive chunks of one message make ONE new message object, whatever their number, and every
 * other message keeps its identity. With nothing applied, the same conversation comes back.
 */
export function applyChunks(conversation: ConversationState, chunks: readonly ChunkFrame[]): ChunkBatchResult {
  const { messages, conversationId } = conversation;
  const drafts = new Map<string, Draft>();
  let createdCount = 0;
  let streamId = conversation.stream?.messageId ?? null;
  let streamSeq = conversation.stream?.lastSeq ?? 0;
  let awaiting = conversation.stream?.awaitingReplay ?? false;
  let replayFrom: StreamCursor | null = null;

  const draftOf = (messageId: string): Draft => {
    const existing = drafts.get(messageId);
    if (existing !== undefined) return existing;
    const position = positionOf(messages, messageId);
    const held = messages[position];
    const draft: Draft =
      held === undefined
        ? {
            position: messages.length + createdCount++,
            base: { id: messageId, role: 'assistant', text: '', status: 'streaming', createdAt: 0, seq: 0 },
            created: true,
            pieces: [],
            seq: 0,
            status: 'streaming',
          }
        : { position, base: held, created: false, pieces: [], seq: held.seq ?? 0, status: held.status };
    drafts.set(messageId, draft);
    return draft;
  };

  const followed = (messageId: string): FollowedMessage | undefined => {
    const draft = drafts.get(messageId);
    return draft ?? followedMessage(messages, messageId);
  };

  for (const chunk of chunks) {
    if (chunk.conversationId !== conversationId) continue;
    const draft = draftOf(chunk.messageId);
    if (draft.base.role !== 'assistant' || isFinished(draft.base)) continue;
    if (chunk.seq <= draft.seq) continue;

    const follows =
      streamId === null || streamId === chunk.messageId || takesOverStream(draft.position, followed(streamId));
    if (follows && streamId !== chunk.messageId) {
      streamId = chunk.messageId;
      awaiting = false;
    }

    // A fresh chunk, even one past a gap, proves the server still has an `interrupted` stream.
    draft.status = 'streaming';
    if (chunk.seq === draft.seq + 1) {
      // A v2 part event (no `text`) takes its seq without adding text; folding parts is the merge's v2 work.
      draft.pieces.push(chunk.text ?? '');
      draft.seq = chunk.seq;
      if (follows) {
        streamSeq = draft.seq;
        awaiting = false;
      }
    } else if (follows) {
      streamSeq = draft.seq;
      // Only the first gap asks: the replay it triggers covers every later one.
      if (!awaiting && replayFrom === null) {
        awaiting = true;
        replayFrom = streamCursor(conversationId, chunk.messageId, draft.seq);
      }
    } else {
      replayFrom ??= streamCursor(conversationId, chunk.messageId, draft.seq);
    }
  }

  const nextMessages = materialize(messages, drafts);
  const stream: StreamState | null =
    streamId === null ? null : sameOrNewStream(conversation.stream, streamId, streamSeq, awaiting);
  return {
    conversation: nextConversation(conversation, {
      messages: nextMessages,
      stream,
      status: stream === null ? conversation.status : 'streaming',
    }),
    replayFrom,
  };
}

/** Writes each changed draft once; created replies are appended after `messages` in creation order. */
function materialize(messages: readonly ChatMessage[], drafts: ReadonlyMap<string, Draft>): readonly ChatMessage[] {
  let next: ChatMessage[] | null = null;
  for (const draft of drafts.values()) {
    const changed = draft.pieces.length > 0 || draft.status !== draft.base.status;
    if (!changed && !draft.created) continue;
    next ??= messages.slice();
    next[draft.position] = changed
      ? { ...draft.base, text: draft.base.text + draft.pieces.join(''), seq: draft.seq, status: draft.status }
      : draft.base;
  }
  return next ?? messages;
}
