import { RejoinError } from '../errors/RejoinError.ts';
import {
  applyAck,
  applyChunks,
  applyMessageEnd,
  applyMessageStart,
  markStreamLost,
  mergeHistory,
  resumeCursors,
} from '../merge/index.ts';
import { emptyConversation, type ConversationState } from '../model/conversation.ts';
import type { StreamCursor } from '../model/message.ts';
import type { ActiveStreamInfo, ChunkFrame, ClientFrame, ServerFrame } from '../protocol/frames.ts';
import { withError, type ChatContext } from './chatContext.ts';
import { markMessageFailed } from './markMessageFailed.ts';
import { outboxFrames } from './outboxFrames.ts';
import { oversizeRefusal } from './oversizeRefusal.ts';

export interface FramesOutcome {
  readonly context: ChatContext;
  /** Frames to send back, in order (replay requests, pongs, the post-handshake burst). */
  readonly outgoing: readonly ClientFrame[];
}

/**
 * Folds one batch of validated server frames into the context. Pure: the machine assigns the
 * result and hands `outgoing` to the socket driver. Consecutive chunks of one conversation are
 * applied as one batch, so a burst of N tokens costs one new message object, not N.
 */
export function applyServerFrames(context: ChatContext, frames: readonly ServerFrame[]): FramesOutcome {
  const outgoing: ClientFrame[] = [];
  let next: ChatContext = { ...context, framesReceived: context.framesReceived + frames.length };
  // Copy-on-write: the conversations record is copied once per batch, on the first change.
  let conversations: Record<string, ConversationState> | null = null;
  const read = (id: string): ConversationState =>
    (conversations ?? next.conversations)[id] ?? emptyConversation(id);
  const write = (conversation: ConversationState): void => {
    if ((conversations ?? next.conversations)[conversation.conversationId] === conversation) return;
    conversations ??= { ...next.conversations };
    conversations[conversation.conversationId] = conversation;
  };
  // applyChunks asks once per gap (not again while that replay is pending), so every request counts.
  const requestReplay = (cursor: StreamCursor | null): void => {
    if (cursor !== null) outgoing.push({ type: 'subscribe', ...cursor });
  };

  let index = 0;
  while (index < frames.length) {
    const frame = frames[index]!;
    if (frame.type === 'chunk') {
      const run: ChunkFrame[] = [frame];
      while (index + run.length < frames.length) {
        const following = frames[index + run.length]!;
        if (following.type !== 'chunk' || following.conversationId !== frame.conversationId) break;
        run.push(following);
      }
      index += run.length;
      const before = read(frame.conversationId);
      const result = applyChunks(before, run);
      write(result.conversation);
      requestReplay(result.replayFrom);
      continue;
    }
    index += 1;
    switch (frame.type) {
      case 'welcome': {
        const activeStreams: Record<string, ActiveStreamInfo> = {};
        for (const stream of frame.activeStreams) activeStreams[stream.conversationId] = stream;
        next = { ...next, welcomed: true, activeStreams, attempt: 0, nextRetryAt: null, lastError: null };
        for (const lost of frame.lostStreams) {
          write(markStreamLost(read(lost.conversationId), lost.messageId));
          next = {
            ...next,
            errors: withError(
              next.errors,
              new RejoinError(
                'stream/lost',
                `The server no longer has the reply ${lost.messageId} (it restarted or the reply expired). The text received so far is kept and marked interrupted; send again to get a new reply.`,
              ),
            ),
          };
        }
        // Messages queued before these limits were known, and over them, would be refused on every
        // reconnect: they fail now instead.
        next = { ...next, serverLimits: frame.limits };
        for (const entry of next.outbox) {
          const refusal = oversizeRefusal(entry, frame.limits);
          if (refusal === null) continue;
          next = { ...next, outbox: next.outbox.filter((queued) => queued !== entry), errors: withError(next.errors, refusal) };
          write(markMessageFailed(read(entry.conversationId), entry.messageId));
        }
        // Rejoin in one round trip: everything the client owes the server goes out right away.
        outgoing.push(...outboxFrames(next.outbox));
        next = { ...next, outbox: next.outbox.map((entry) => (entry.sent === true ? entry : { ...entry, sent: true as const })) };
        for (const conversationId of next.pendingStops) outgoing.push({ type: 'stop', conversationId });
        next = { ...next, pendingStops: [] };
        if (next.openConversationId !== null) {
          outgoing.push({ type: 'load', conversationId: next.openConversationId });
          next = { ...next, pendingLoad: next.openConversationId };
        }
        // A reply generating where hello had no cursor (its start came while we were away, or its
        // ack was lost): follow it from the start, or its end never comes and it looks busy forever.
        // The load above covers the open conversation.
        const resumed = new Set(Object.values(conversations ?? next.conversations).flatMap(resumeCursors).map((cursor) => cursor.messageId));
        for (const stream of frame.activeStreams) {
          if (resumed.has(stream.messageId) || stream.conversationId === next.openConversationId) continue;
          outgoing.push({ type: 'subscribe', conversationId: stream.conversationId, messageId: stream.messageId, lastSeq: 0 });
        }
        outgoing.push({ type: 'list' });
        break;
      }
      case 'conversation': {
        const outbox = next.outbox.filter((entry) => entry.conversationId === frame.conversationId);
        write(mergeHistory(read(frame.conversationId), frame, outbox));
        if (next.pendingLoad === frame.conversationId) next = { ...next, pendingLoad: null };
        next = { ...next, activeStreams: withActiveStream(next.activeStreams, frame.conversationId, frame.activeStream && {
          conversationId: frame.conversationId,
          messageId: frame.activeStream.messageId,
          lastSeq: frame.activeStream.lastSeq,
          startedAt: 0,
        }) };
        break;
      }
      case 'conversations':
        next = { ...next, conversationList: frame.conversations };
        break;
      case 'ack': {
        write(applyAck(read(frame.conversationId), frame));
        const known = next.conversationList.some((item) => item.conversationId === frame.conversationId);
        next = { ...next, outbox: next.outbox.filter((entry) => entry.messageId !== frame.messageId) };
        // A first message (index 0) creates the conversation server-side: refresh the list so it
        // shows up. Only the first: a list per ack would double the frames of a burst of sends.
        if (!known && !frame.duplicate && frame.index === 0) outgoing.push({ type: 'list' });
        break;
      }
      case 'message_start': {
        const before = read(frame.conversationId);
        // v1 tells only the sender about a user message: a reply to one we never saw (typed in
        // another tab) means our copy of the history is behind, so fetch it.
        if (before.loaded && !before.messages.some((message) => message.id === frame.replyTo)) {
          outgoing.push({ type: 'load', conversationId: frame.conversationId });
        }
        write(applyMessageStart(before, frame));
        next = {
          ...next,
          activeStreams: withActiveStream(next.activeStreams, frame.conversationId, {
            conversationId: frame.conversationId,
            messageId: frame.messageId,
            lastSeq: 0,
            startedAt: frame.createdAt,
          }),
        };
        break;
      }
      case 'message_end': {
        const before = read(frame.conversationId);
        const result = applyMessageEnd(before, frame);
        write(result.conversation);
        requestReplay(result.replayFrom);
        if (next.activeStreams[frame.conversationId]?.messageId === frame.messageId) {
          next = { ...next, activeStreams: withActiveStream(next.activeStreams, frame.conversationId, null) };
        }
        break;
      }
      case 'error':
        next = applyErrorFrame(next, frame, read, write);
        break;
      case 'ping':
        outgoing.push({ type: 'pong', t: frame.t });
        break;
      case 'pong':
        break;
    }
  }
  if (conversations !== null) next = { ...next, conversations };
  return { context: next, outgoing };
}

function withActiveStream(
  streams: Readonly<Record<string, ActiveStreamInfo>>,
  conversationId: string,
  stream: ActiveStreamInfo | null,
): Readonly<Record<string, ActiveStreamInfo>> {
  if (stream === null) {
    if (!(conversationId in streams)) return streams;
    const { [conversationId]: _removed, ...rest } = streams;
    return rest;
  }
  const current = streams[conversationId];
  if (current?.messageId === stream.messageId) return streams;
  return { ...streams, [conversationId]: stream };
}

/** Server `error` frames: record them, and settle whatever the error was about so nothing spins forever. */
function applyErrorFrame(
  context: ChatContext,
  frame: Extract<ServerFrame, { type: 'error' }>,
  read: (id: string) => ConversationState,
  write: (conversation: ConversationState) => void,
): ChatContext {
  const { conversationId, messageId } = frame;
  let next = context;
  const loadRefused =
    (frame.code === 'not_found' || frame.code === 'forbidden') && conversationId !== undefined && messageId === undefined;
  if (loadRefused && next.pendingLoad === conversationId) {
    // The server has no history for us here. A chat this client started (created with
    // `newConversation`, so already `idle`, or holding messages typed here) is new and not sent
    // yet: no error at all. Anything else is someone else's conversation or none: unavailable.
    next = { ...next, pendingLoad: null };
    const current = read(conversationId);
    const startedHere = current.status !== 'unknown' || current.messages.length > 0;
    write({ ...current, loaded: true, status: startedHere ? (current.status === 'unknown' ? 'idle' : current.status) : 'unavailable' });
    if (frame.code === 'not_found') return next;
  }
  const error = new RejoinError('server/error', `The server answered ${frame.code}: ${frame.message}`);
  next = { ...next, errors: withError(next.errors, error) };
  if (frame.code === 'rate_limited') return throttle(next, frame, read);
  if (frame.code === 'stream_not_found' && conversationId !== undefined && messageId !== undefined) {
    write(markStreamLost(read(conversationId), messageId));
    return next;
  }
  // A send the server will never accept leaves the outbox, or it would be resent forever.
  const refusesSend =
    frame.code === 'message_too_long' || frame.code === 'forbidden' || frame.code === 'not_found' || frame.code === 'bad_frame';
  if (refusesSend && messageId !== undefined && next.outbox.some((entry) => entry.messageId === messageId)) {
    next = { ...next, outbox: next.outbox.filter((entry) => entry.messageId !== messageId) };
    if (conversationId !== undefined) write(markMessageFailed(read(conversationId), messageId));
  }
  return next;
}

/** What `retryAfterMs` is taken to be when a `rate_limited` answer leaves it out. */
export const DEFAULT_RETRY_AFTER_MS = 1000;

/**
 * A frame the server dropped unprocessed (`rate_limited`): remember what to redo once its
 * `retryAfterMs` has passed, or a refused message would wait for the next reconnect and a refused
 * replay or load would leave a stream or a conversation spinning. The answer names the frame's
 * ids only, so the frame is recognised by them: an outbox message id is a `send`; a reply still
 * streaming here is a `subscribe`; no message id is a `load` (harmless to repeat). A refused `stop`
 * cannot be told from a load and is not retried: a late stop could end a newer reply.
 */
function throttle(
  context: ChatContext,
  frame: Extract<ServerFrame, { type: 'error' }>,
  read: (id: string) => ConversationState,
): ChatContext {
  const { conversationId, messageId } = frame;
  const retryAfterMs = frame.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
  if (messageId !== undefined && context.outbox.some((entry) => entry.messageId === messageId)) {
    const refused = new Set([...context.throttledSends, messageId]);
    // Kept in outbox order, so the paced resend goes out in the order typed.
    const throttledSends = context.outbox.map((entry) => entry.messageId).filter((id) => refused.has(id));
    return { ...context, throttledSends, retryAfterMs };
  }
  if (conversationId === undefined) return { ...context, retryAfterMs };
  let redo: ClientFrame | null = null;
  if (messageId === undefined) {
    redo = { type: 'load', conversationId };
  } else if (
    read(conversationId).messages.some((message) => message.id === messageId && message.status === 'streaming') ||
    context.activeStreams[conversationId]?.messageId === messageId
  ) {
    redo = { type: 'subscribe', conversationId, messageId, lastSeq: 0 };
  }
  const known = context.throttledFrames.some(
    (queued) =>
      redo !== null &&
      queued.type === redo.type &&
      'conversationId' in queued &&
      queued.conversationId === conversationId &&
      (queued.type !== 'subscribe' || (redo.type === 'subscribe' && queued.messageId === redo.messageId)),
  );
  if (redo === null || known) return { ...context, retryAfterMs };
  return { ...context, throttledFrames: [...context.throttledFrames, redo], retryAfterMs };
}
