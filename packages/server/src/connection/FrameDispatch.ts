import type { IncomingMessage } from 'node:http';
import type {
  ApproveFrame,
  ConversationsFrame,
  HistoryMessage,
  LoadFrame,
  MessagePart,
  SendFrame,
  StopFrame,
  SubscribeFrame,
} from '@rejoin/core/protocol';
import { DEFAULT_MAX_FRAME_BYTES } from '@rejoin/core/protocol';
import { errorFields } from '../logging/createLogger.ts';
import { CLOSE_CODES } from './closeCodes.ts';
import { composeConversationFrame } from './composeConversationFrame.ts';
import { fitConversationFrame } from './fitConversationFrame.ts';
import { resumable } from './helloCursors.ts';
import type { QueuedFrame } from './InboundPump.ts';
import { SessionAccess } from './SessionAccess.ts';
import { acceptHello } from './sessionHandshake.ts';
import { idsOf, type SessionPort } from './SessionPort.ts';

/** A `list` answer stays far below the client's frame limit with this many entries. */
const MAX_LISTED_CONVERSATIONS = 1000;

/**
 * The frame dispatch of one connection: `hello` goes to the handshake, every other client frame,
 * once the handshake is done, to its own handler. A frame whose handling fails is answered with an
 * `error` frame and changes nothing else.
 */
export class FrameDispatch {
  private readonly access: SessionAccess;

  constructor(
    private readonly session: SessionPort,
    private readonly request: IncomingMessage,
  ) {
    this.access = new SessionAccess(session);
  }

  /** Handles one frame; never rejects, so the queue keeps going. */
  async dispatch(frame: QueuedFrame): Promise<void> {
    if (this.session.closed()) return;
    try {
      await this.handle(frame);
    } catch (error) {
      this.session.log.error('frame handling failed', { frameType: frame.type, ...errorFields(error) });
      if (frame.type === 'hello') {
        this.session.fail('internal', 'The server could not complete the handshake; reconnect later.', CLOSE_CODES.internalError);
      } else {
        this.session.sendError('internal', 'The server failed to handle this frame; try again.', idsOf(frame));
      }
    }
  }

  private async handle(frame: QueuedFrame): Promise<void> {
    if (frame.type === 'hello') {
      if (this.session.ready) this.session.sendError('bad_frame', 'This connection has already sent hello; the second one was ignored.');
      else await acceptHello(this.session, this.request, frame);
      return;
    }
    if (!this.session.ready) {
      this.session.sendError('handshake_required', 'Send hello before any other frame, then resend this one.', idsOf(frame));
      return;
    }
    switch (frame.type) {
      case 'load':
        return this.onLoad(frame);
      case 'list':
        return this.onList();
      case 'send':
        return this.onSend(frame);
      case 'approve':
        return this.onApprove(frame);
      case 'subscribe':
        return this.onSubscribe(frame);
      case 'unsubscribe':
        this.session.followed.unsubscribe(frame.conversationId);
        return;
      case 'stop':
        return this.onStop(frame);
    }
  }

  private async onLoad(frame: LoadFrame): Promise<void> {
    const { conversationId } = frame;
    if ((await this.access.check('load', conversationId)) === null) {
      // Watched whether it is missing or refused, so both take the same path (protocol v1,
      // "Authorization"); the watch tells a reply only to a user who may load the conversation.
      await this.access.watchUntilCreated(conversationId);
      return;
    }
    const subscription = await this.session.followed.open(conversationId);
    // Live frames wait until the answer is out; the load replaces any previous subscription.
    subscription.hold();
    subscription.cancelFollows();
    try {
      const limit = Math.min(frame.limit ?? Number.POSITIVE_INFINITY, this.session.context.limits.maxHistoryMessages);
      const history = await this.session.context.conversations.history(conversationId, { limit });
      const lost = new Set<string>();
      for (const message of history) {
        if (message.status !== 'streaming' || subscription.isFollowing(message.id)) continue;
        if (await subscription.follow(message.id, message.seq ?? 0)) continue;
        // A reply enters the history a moment before its stream is created: that one is starting,
        // not lost, and the conversation watch follows it from its first chunk once it exists.
        if (!this.isStartingHere(conversationId, message.id)) lost.add(message.id);
      }
      subscription.release((held) => {
        const composed = composeConversationFrame(conversationId, this.session.version >= 2 ? history : history.map(withoutParts), held, lost);
        for (const messageId of composed.settled) subscription.cancelFollow(messageId);
        const frame = fitConversationFrame(composed.frame, DEFAULT_MAX_FRAME_BYTES);
        return [frame, ...composed.rest];
      });
    } catch (error) {
      subscription.release();
      throw error;
    }
  }

  /** Whether this process is setting up that reply right now (its stream may not exist yet). */
  private isStartingHere(conversationId: string, messageId: string): boolean {
    return this.session.context.registry
      .active()
      .some((generation) => generation.conversationId === conversationId && generation.messageId === messageId);
  }

  private async onList(): Promise<void> {
    const all = await this.session.context.conversations.listByOwner(this.session.userId);
    const frame: ConversationsFrame = { type: 'conversations', conversations: all.slice(0, MAX_LISTED_CONVERSATIONS) };
    this.session.send(frame);
  }

  private async onSend(frame: SendFrame): Promise<void> {
    const { conversationId, messageId, text } = frame;
    const { maxMessageChars } = this.session.context.limits;
    if (frame.files !== undefined && this.session.version < 2) {
      this.session.sendError('bad_frame', 'Files need protocol v2; this connection agreed on v1. Send the text alone.', { conversationId, messageId });
      return;
    }
    // Counted in code points (protocol v1); the length test first skips the count for most messages.
    if (text.length > maxMessageChars && countCodePoints(text) > maxMessageChars) {
      this.session.sendError('message_too_long', `Messages are limited to ${maxMessageChars} characters.`, {
        conversationId,
        messageId,
      });
      return;
    }
    if ((await this.access.check('send', conversationId, messageId)) === null) return;
    const subscription = await this.session.followed.open(conversationId);
    // The ack must reach this client before the reply's message_start.
    subscription.hold();
    let appended;
    try {
      appended = await this.session.context.conversations.appendMessage(conversationId, {
        id: messageId,
        role: 'user',
        text,
        status: 'complete',
        createdAt: this.session.context.now(),
        ...(frame.files === undefined || frame.files.length === 0 ? {} : { parts: userParts(text, frame.files) }),
      });
    } catch (error) {
      subscription.release();
      throw error;
    }
    const { index, duplicate, message } = appended;
    subscription.release((held) => [
      { type: 'ack', conversationId, messageId, index, createdAt: message.createdAt, duplicate },
      ...held,
    ]);
    // A duplicate changes nothing: its reply exists already or is queued.
    if (!duplicate) this.session.context.registry.requestReply(conversationId);
  }

  private async onSubscribe(frame: SubscribeFrame): Promise<void> {
    const { conversationId, messageId, lastSeq } = frame;
    if ((await this.access.check('subscribe', conversationId)) === null) return;
    const stream = await this.session.context.streams.get(messageId);
    const subscription = await this.session.followed.open(conversationId);
    // A subscribe replaces the connection's previous follow of that stream (`follow` cancels it).
    // Only that one: a newer reply of the conversation may already be streaming here, and a client
    // filling a gap in the older one must not lose it.
    if (stream === null || !resumable(stream, conversationId, lastSeq) || !(await subscription.follow(messageId, lastSeq))) {
      this.session.sendError('stream_not_found', 'This stream is unknown or no longer retained; load the conversation.', {
        conversationId,
        messageId,
      });
    }
  }

  /** A decision on a tool call awaiting approval; the same decision again is ignored. */
  private async onApprove(frame: ApproveFrame): Promise<void> {
    const { conversationId, messageId, toolCallId } = frame;
    if (this.session.version < 2) {
      this.session.sendError('bad_frame', 'approve needs protocol v2; this connection agreed on v1.', { conversationId, messageId });
      return;
    }
    if ((await this.access.check('approve', conversationId)) === null) return;
    const outcome = await this.session.context.registry.approve({
      conversationId,
      messageId,
      toolCallId,
      approved: frame.approved,
      ...(frame.reason === undefined ? {} : { reason: frame.reason }),
    });
    if (outcome === 'not_pending') {
      this.session.sendError('not_pending', `Tool call ${toolCallId} is not awaiting a decision (unknown, or decided already); nothing was changed.`, {
        conversationId,
        messageId,
      });
    }
  }

  private async onStop(frame: StopFrame): Promise<void> {
    if ((await this.access.check('stop', frame.conversationId)) === null) return;
    // Idempotent: stopping nothing in one's own conversation sends nothing (protocol v1, "Stopping
    // a generation"); a missing or refused conversation got `not_found` above.
    this.session.context.registry.stop(frame.conversationId, frame.messageId);
  }
}

/** A v1 session's view of a history message: its text only. */
function withoutParts(message: HistoryMessage): HistoryMessage {
  if (message.parts === undefined) return message;
  const { parts: _parts, ...rest } = message;
  return rest;
}

/** A user message's parts: its text, then its attachments. */
function userParts(text: string, files: NonNullable<SendFrame['files']>): MessagePart[] {
  const parts: MessagePart[] = text === '' ? [] : [{ type: 'text', text }];
  for (const file of files) {
    parts.push(file.filename === undefined
      ? { type: 'file', url: file.url, mediaType: file.mediaType }
      : { type: 'file', url: file.url, mediaType: file.mediaType, filename: file.filename });
  }
  return parts;
}

function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
