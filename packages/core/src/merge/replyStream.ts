/**
 * An assistant reply's stream, frame by frame: its start, its chunks (seq checks: a duplicate is
 * ignored, the next appends, a gap asks to resubscribe), its end, and its loss; plus which stream a
 * conversation follows and the cursors to resume from.
 */
import type { ConversationState, StreamState } from '../model/conversation.ts';
import type { ChatMessage, StreamCursor } from '../model/message.ts';
import type { ChunkFrame, MessageEndFrame, MessageStartFrame } from '../protocol/frames.ts';
import { PartsDraft } from './messageParts.ts';
import { isFinished, nextConversation, orderMessages, positionOf, replaceMessage, settledStatus } from './conversationUpdates.ts';

/** The cursor to resubscribe from: `lastSeq` is the last contiguous chunk this client holds. */
export function streamCursor(conversationId: string, messageId: string, lastSeq: number): StreamCursor {
  return { conversationId, messageId, lastSeq };
}

/**
 * `current` itself when it already says the same thing, so an unchanged stream keeps its
 * identity and selectors on it do not fire.
 */
export function sameOrNewStream(
  current: StreamState | null,
  messageId: string,
  lastSeq: number,
  awaitingReplay: boolean,
): StreamState {
  if (
    current !== null &&
    current.messageId === messageId &&
    current.lastSeq === lastSeq &&
    current.awaitingReplay === awaitingReplay
  ) {
    return current;
  }
  return { messageId, lastSeq, awaitingReplay };
}

/** Where the followed stream's message sits in the conversation, and its status. */
export interface FollowedMessage {
  readonly position: number;
  readonly status: ChatMessage['status'];
}

/**
 * Whether a reply at `candidatePosition` should become the stream the conversation follows,
 * in place of `followed` (the message the current stream points at; undefined when this client
 * does not hold it). A conversation generates one reply at a time, so the newest unfinished
 * reply is the live one: an older reply whose end this client missed must not take the cursor
 * back from a newer one, or the client would resubscribe to a stream the server already closed.
 */
export function takesOverStream(candidatePosition: number, followed: FollowedMessage | undefined): boolean {
  return followed === undefined || followed.status !== 'streaming' || candidatePosition > followed.position;
}

/** The followed stream's message as {@link takesOverStream} needs it, looked up in `messages`. */
export function followedMessage(messages: readonly ChatMessage[], messageId: string): FollowedMessage | undefined {
  const position = positionOf(messages, messageId);
  const message = messages[position];
  return message === undefined ? undefined : { position, status: message.status };
}

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
          parts: [],
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

/** What a merge step produced, and whether the client must resubscribe to fill a hole. */
export interface ChunkBatchResult {
  readonly conversation: ConversationState;
  /**
   * Set when a chunk skipped ahead (or a reply ended past the text held): send `subscribe` from
   * this cursor so the server replays what is missing. Null when nothing is missing.
   */
  readonly replayFrom: StreamCursor | null;
  /**
   * Part chunks that named a tool call their message does not hold: dropped (their seq consumed,
   * so the stream goes on), listed for the caller to report. Absent when there were none.
   */
  readonly strayToolEvents?: readonly ChunkFrame[];
}

/**
 * One message's changes within a batch: the text pieces are joined once, at the end; the parts
 * are copied once, when the first part event (or the end) folds the text so far into them.
 */
interface Draft {
  readonly position: number;
  readonly base: ChatMessage;
  readonly created: boolean;
  readonly pieces: string[];
  /** How many of `pieces` the parts already hold. */
  folded: number;
  parts: PartsDraft | null;
  seq: number;
  status: ChatMessage['status'];
}

function partsOf(draft: Draft): PartsDraft {
  const parts = (draft.parts ??= new PartsDraft(draft.base.parts));
  if (draft.folded < draft.pieces.length) {
    parts.appendText(draft.pieces.slice(draft.folded).join(''));
    draft.folded = draft.pieces.length;
  }
  return parts;
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
  let strayToolEvents: ChunkFrame[] | undefined;

  const draftOf = (messageId: string): Draft => {
    const existing = drafts.get(messageId);
    if (existing !== undefined) return existing;
    const position = positionOf(messages, messageId);
    const held = messages[position];
    const draft: Draft =
      held === undefined
        ? {
            position: messages.length + createdCount++,
            base: { id: messageId, role: 'assistant', text: '', parts: [], status: 'streaming', createdAt: 0, seq: 0 },
            created: true,
            pieces: [],
            folded: 0,
            parts: null,
            seq: 0,
            status: 'streaming',
          }
        : { position, base: held, created: false, pieces: [], folded: 0, parts: null, seq: held.seq ?? 0, status: held.status };
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
      // An event naming a tool call the reply lacks is dropped; its seq is consumed all the same.
      if (chunk.part === undefined) draft.pieces.push(chunk.text);
      else if (partsOf(draft).apply(chunk.part) !== undefined) (strayToolEvents ??= []).push(chunk);
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
    ...(strayToolEvents === undefined ? {} : { strayToolEvents }),
  };
}

/** Writes each changed draft once; created replies are appended after `messages` in creation order. */
function materialize(messages: readonly ChatMessage[], drafts: ReadonlyMap<string, Draft>): readonly ChatMessage[] {
  let next: ChatMessage[] | null = null;
  for (const draft of drafts.values()) {
    const partsChanged = draft.parts !== null || draft.pieces.length > 0;
    const changed = partsChanged || draft.seq !== (draft.base.seq ?? 0) || draft.status !== draft.base.status;
    if (!changed && !draft.created) continue;
    next ??= messages.slice();
    next[draft.position] = changed
      ? {
          ...draft.base,
          text: draft.pieces.length === 0 ? draft.base.text : draft.base.text + draft.pieces.join(''),
          parts: partsChanged ? partsOf(draft).result() : draft.base.parts,
          seq: draft.seq,
          status: draft.status,
        }
      : draft.base;
  }
  return next ?? messages;
}

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
    parts: [],
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

/**
 * The server no longer knows this stream (it restarted with an in-memory store, or the stream
 * ended past its retention): the reply becomes `interrupted` with the text it has; when it was
 * the followed stream, the stream is cleared and the conversation becomes `idle`. An explicit
 * end instead of a spinner that never stops; the next history load, `message_start` or chunk
 * overrides it. A reply that already ended is left as it is.
 */
export function markStreamLost(conversation: ConversationState, messageId: string): ConversationState {
  const { messages, stream } = conversation;
  const held = messages[positionOf(messages, messageId)];
  const nextMessages =
    held !== undefined && held.status === 'streaming'
      ? replaceMessage(messages, { ...held, status: 'interrupted' })
      : messages;
  if (stream?.messageId !== messageId) return nextConversation(conversation, { messages: nextMessages });
  return nextConversation(conversation, {
    messages: nextMessages,
    stream: null,
    status: settledStatus(nextMessages, conversation.status),
  });
}
