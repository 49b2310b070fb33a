import { ProtocolError, RejoinError } from '../errors/RejoinError.ts';
import { encodeFrame } from '../protocol/frames.ts';
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
import type {
  AckFrame,
  ActiveStreamInfo,
  ChunkFrame,
  ClientFrame,
  ConversationFrame,
  ErrorFrame,
  MessageEndFrame,
  MessageStartFrame,
  WelcomeFrame,
} from '../protocol/frames.ts';
import { withError, type ChatContext } from './chatContext.ts';
import { markMessageFailed } from './markMessageFailed.ts';
import { outboxFrames } from './outboxFrames.ts';
import { approveFrame } from './approvals.ts';
import { oversizeRefusal } from './oversizeRefusal.ts';

export interface FramesOutcome {
  readonly context: ChatContext;
  /** Frames to send back, in order (replay requests, pongs, the post-handshake burst). */
  readonly outgoing: readonly ClientFrame[];
}

/** A conversation record written copy-on-write: copied once, on the first change. */
function conversationWriter(context: ChatContext) {
  let conversations: Record<string, ConversationState> | null = null;
  return {
    read: (id: string): ConversationState => (conversations ?? context.conversations)[id] ?? emptyConversation(id),
    write(conversation: ConversationState): void {
      if ((conversations ?? context.conversations)[conversation.conversationId] === conversation) return;
      conversations ??= { ...context.conversations };
      conversations[conversation.conversationId] = conversation;
    },
    result: (next: ChatContext): ChatContext => (conversations === null ? next : { ...next, conversations }),
  };
}

const NOTHING_TO_SEND: readonly ClientFrame[] = [];

/**
 * `welcome`: the handshake is done. Records what the server streams and lost, fails queued messages
 * over its limits, and sends, in one burst, everything the client owes it: the outbox, the stops
 * typed offline, the open conversation's `load`, a replay of every reply it follows without a
 * cursor, and `list`.
 */
export function applyWelcome(context: ChatContext, frame: WelcomeFrame): FramesOutcome {
  const outgoing: ClientFrame[] = [];
  const { read, write, result } = conversationWriter(context);
  const activeStreams: Record<string, ActiveStreamInfo> = {};
  for (const stream of frame.activeStreams) activeStreams[stream.conversationId] = stream;
  let next: ChatContext = { ...context, activeStreams, attempt: 0, nextRetryAt: null, lastError: null };
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
  next = { ...next, sessionVersion: frame.v };
  if (frame.v >= 2) outgoing.push(...next.approvals.map(approveFrame));
  else if (next.approvals.length > 0) {
    // An older server cannot take decisions: they would be refused on every reconnect.
    next = {
      ...next,
      approvals: [],
      errors: withError(
        next.errors,
        new RejoinError('usage/unsupported', 'The server speaks protocol v1, which has no tool approvals: the queued decisions were dropped.'),
      ),
    };
  }
  next = { ...next, outbox: next.outbox.map((entry) => (entry.sent === true ? entry : { ...entry, sent: true as const })) };
  for (const conversationId of next.pendingStops) outgoing.push({ type: 'stop', conversationId });
  next = { ...next, pendingStops: [] };
  if (next.openConversationId !== null) {
    outgoing.push({ type: 'load', conversationId: next.openConversationId });
    next = { ...next, pendingLoad: next.openConversationId };
  }
  next = result(next);
  // A reply generating where hello had no cursor (its start came while we were away, or its ack
  // was lost): follow it from the start, or its end never comes and it looks busy forever. The
  // load above covers the open conversation.
  const resumed = new Set(Object.values(next.conversations).flatMap(resumeCursors).map((cursor) => cursor.messageId));
  for (const stream of frame.activeStreams) {
    if (resumed.has(stream.messageId) || stream.conversationId === next.openConversationId) continue;
    outgoing.push({ type: 'subscribe', conversationId: stream.conversationId, messageId: stream.messageId, lastSeq: 0 });
  }
  outgoing.push({ type: 'list' });
  return { context: next, outgoing };
}

/** `conversation`: a history, merged with what streams and waits here; answers the pending load. */
export function applyConversation(context: ChatContext, frame: ConversationFrame): FramesOutcome {
  const outbox = context.outbox.filter((entry) => entry.conversationId === frame.conversationId);
  const { read, write, result } = conversationWriter(context);
  write(mergeHistory(read(frame.conversationId), frame, outbox));
  let next = context.pendingLoad === frame.conversationId ? { ...context, pendingLoad: null } : context;
  next = {
    ...next,
    activeStreams: withActiveStream(
      next.activeStreams,
      frame.conversationId,
      frame.activeStream && {
        conversationId: frame.conversationId,
        messageId: frame.activeStream.messageId,
        lastSeq: frame.activeStream.lastSeq,
        startedAt: 0,
      },
    ),
  };
  return { context: result(next), outgoing: NOTHING_TO_SEND };
}

/** `ack`: the server has the message; it leaves the outbox. */
export function applyAckFrame(context: ChatContext, frame: AckFrame): FramesOutcome {
  const { read, write, result } = conversationWriter(context);
  write(applyAck(read(frame.conversationId), frame));
  const known = context.conversationList.some((item) => item.conversationId === frame.conversationId);
  const next = { ...context, outbox: context.outbox.filter((entry) => entry.messageId !== frame.messageId) };
  // A first message (index 0) creates the conversation server-side: refresh the list so it shows
  // up. Only the first: a list per ack would double the frames of a burst of sends.
  const outgoing: readonly ClientFrame[] = !known && !frame.duplicate && frame.index === 0 ? [{ type: 'list' }] : NOTHING_TO_SEND;
  return { context: result(next), outgoing };
}

/** `message_start`: a reply begins; it is followed from here. */
export function applyMessageStartFrame(context: ChatContext, frame: MessageStartFrame): FramesOutcome {
  const { read, write, result } = conversationWriter(context);
  const before = read(frame.conversationId);
  // v1 tells only the sender about a user message: a reply to one we never saw (typed in another
  // tab) means our copy of the history is behind, so fetch it.
  const behind = before.loaded && !before.messages.some((message) => message.id === frame.replyTo);
  write(applyMessageStart(before, frame));
  const next = {
    ...context,
    activeStreams: withActiveStream(context.activeStreams, frame.conversationId, {
      conversationId: frame.conversationId,
      messageId: frame.messageId,
      lastSeq: 0,
      startedAt: frame.createdAt,
    }),
  };
  return { context: result(next), outgoing: behind ? [{ type: 'load', conversationId: frame.conversationId }] : NOTHING_TO_SEND };
}

/**
 * Chunks, in arrival order. Consecutive chunks of one conversation are applied as one run, so a
 * burst of N tokens costs one new message object, not N. A gap asks for a replay, once per gap.
 */
export function applyChunkFrames(context: ChatContext, frames: readonly ChunkFrame[]): FramesOutcome {
  const outgoing: ClientFrame[] = [];
  const { read, write, result } = conversationWriter(context);
  let errors = context.errors;
  let index = 0;
  while (index < frames.length) {
    const frame = frames[index]!;
    let end = index + 1;
    while (end < frames.length && frames[end]!.conversationId === frame.conversationId) end += 1;
    const applied = applyChunks(read(frame.conversationId), index === 0 && end === frames.length ? frames : frames.slice(index, end));
    write(applied.conversation);
    if (applied.replayFrom !== null) outgoing.push({ type: 'subscribe', ...applied.replayFrom });
    for (const stray of applied.strayToolEvents ?? []) errors = withError(errors, strayToolEvent(stray));
    index = end;
  }
  return { context: result(errors === context.errors ? context : { ...context, errors }), outgoing };
}

/** A tool event for a call the reply does not hold: a server bug, reported; the stream goes on past it. */
function strayToolEvent(chunk: ChunkFrame): ProtocolError {
  const toolCallId = chunk.part !== undefined && 'toolCallId' in chunk.part ? chunk.part.toolCallId : '';
  return new ProtocolError(
    'protocol/malformed',
    `[rejoin] Dropped a "${chunk.part?.kind ?? ''}" part event (seq ${chunk.seq} of ${chunk.messageId}) for tool call ${toolCallId}, which the message does not hold. ` +
      'Its seq counts as consumed; fix the server so every tool event follows the tool-input-start or tool-input-available of its call.',
    encodeFrame(chunk),
  );
}

/** `message_end`: the reply is settled; a gap before its end asks for a replay. */
export function applyMessageEndFrame(context: ChatContext, frame: MessageEndFrame): FramesOutcome {
  const { read, write, result } = conversationWriter(context);
  const applied = applyMessageEnd(read(frame.conversationId), frame);
  write(applied.conversation);
  const next =
    context.activeStreams[frame.conversationId]?.messageId === frame.messageId
      ? { ...context, activeStreams: withActiveStream(context.activeStreams, frame.conversationId, null) }
      : context;
  return { context: result(next), outgoing: applied.replayFrom === null ? NOTHING_TO_SEND : [{ type: 'subscribe', ...applied.replayFrom }] };
}

/** `error`: recorded, and whatever it was about is settled, so nothing spins forever. */
export function applyServerError(context: ChatContext, frame: ErrorFrame): FramesOutcome {
  const { read, write, result } = conversationWriter(context);
  return { context: result(applyErrorFrame(context, frame, read, write)), outgoing: NOTHING_TO_SEND };
}

/**
 * Whether an `error` frame refuses the load the client waits for (`not_found`, or `forbidden` from
 * older servers): the server has no history to send, so `merging` is over.
 */
export function refusesLoad(frame: ErrorFrame, pendingLoad: string | null): boolean {
  return (
    (frame.code === 'not_found' || frame.code === 'forbidden') &&
    frame.conversationId !== undefined &&
    frame.messageId === undefined &&
    frame.conversationId === pendingLoad
  );
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
  frame: ErrorFrame,
  read: (id: string) => ConversationState,
  write: (conversation: ConversationState) => void,
): ChatContext {
  const { conversationId, messageId } = frame;
  let next = context;
  if (refusesLoad(frame, next.pendingLoad) && conversationId !== undefined) {
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
  frame: ErrorFrame,
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
