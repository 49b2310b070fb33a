import type { IncomingMessage } from 'node:http';
import type {
  ApproveFrame,
  ClientFrame,
  HistoryMessage,
  MessagePart,
  ConversationsFrame,
  ErrorCode,
  ErrorFrame,
  HelloFrame,
  LoadFrame,
  ProtocolError,
  SendFrame,
  ServerFrame,
  StopFrame,
  SubscribeFrame,
  WelcomeFrame,
} from '@rejoin/core/protocol';
import { DEFAULT_MAX_FRAME_BYTES, PROTOCOL_VERSION } from '@rejoin/core/protocol';
import type WebSocket from 'ws';
import type { RawData } from 'ws';
import type { Authenticate } from '../auth/Authenticate.ts';
import type { Authorize, ConversationAction } from '../auth/Authorize.ts';
import type { IdleCandidate } from '../heartbeat/IdleSweeper.ts';
import { createId } from '../ids/createId.ts';
import type { ResolvedLimits } from '../limits/ServerLimits.ts';
import { errorFields, type Logger } from '../logging/createLogger.ts';
import { errorCodeForRejection } from '../protocol/coreProtocol.ts';
import type { ConversationRecord, ConversationStore } from '../stores/ConversationStore.ts';
import type { StreamStore } from '../stores/StreamStore.ts';
import type { GenerationRegistry } from '../streams/GenerationRegistry.ts';
import { CLOSE_CODES } from './closeCodes.ts';
import { composeConversationFrame } from './composeConversationFrame.ts';
import { conversationAccess } from './conversationAccess.ts';
import { ConversationSubscription } from './ConversationSubscription.ts';
import { fitConversationFrame } from './fitConversationFrame.ts';
import { FollowedConversations } from './FollowedConversations.ts';
import { resumable, sortHelloCursors } from './helloCursors.ts';
import { InboundPump, type QueuedFrame } from './InboundPump.ts';
import type { FlushScheduler } from './FlushScheduler.ts';
import { type DeliveryInterceptor, SocketWriter } from './SocketWriter.ts';
import type { StreamFrameEncoder } from './StreamFrameEncoder.ts';

/** Everything a session needs from the server it belongs to. */
export interface ClientSessionContext {
  readonly conversations: ConversationStore;
  readonly streams: StreamStore;
  readonly registry: GenerationRegistry;
  readonly authenticate: Authenticate;
  readonly authorize: Authorize;
  readonly limits: ResolvedLimits;
  /** Announced as `welcome.heartbeatMs`. */
  readonly heartbeatMs: number;
  readonly logger: Logger;
  readonly now: () => number;
  readonly interceptDelivery: DeliveryInterceptor | undefined;
  /** Writes every connection's frames once per turn of the event loop. */
  readonly flushes: FlushScheduler;
  /** Shared by every connection, so followers of one stream share each frame's encoding. */
  readonly streamFrames: StreamFrameEncoder;
  /** Called once, when the socket has closed. */
  readonly onClosed: (session: ClientSession) => void;
}

/** A `list` answer stays far below the client's frame limit with this many entries. */
const MAX_LISTED_CONVERSATIONS = 1000;

type ErrorExtras = Partial<Pick<ErrorFrame, 'conversationId' | 'messageId' | 'fatal' | 'retryAfterMs'>>;

/**
 * The protocol, for one WebSocket connection: handshake, authentication, then each client frame
 * in arrival order, as the `InboundPump` hands them over one at a time. A bad frame is answered
 * with an `error` frame and changes nothing else.
 */
export class ClientSession implements IdleCandidate {
  readonly sessionId: string = createId();
  lastSeenAt: number;

  private phase: 'handshake' | 'ready' | 'closed' = 'handshake';
  /** The protocol version agreed in the handshake: min(hello.v, PROTOCOL_VERSION). */
  private version = 1;
  private userId = '';
  private readonly followed: FollowedConversations;
  private readonly inbound: InboundPump;
  private readonly writer: SocketWriter;
  private log: Logger;

  constructor(
    private readonly socket: WebSocket,
    private readonly request: IncomingMessage,
    private readonly context: ClientSessionContext,
  ) {
    this.lastSeenAt = context.now();
    this.log = context.logger.child({ sessionId: this.sessionId });
    this.followed = new FollowedConversations(
      (conversationId) =>
        new ConversationSubscription(
          conversationId,
          context.streams,
          (frame, text) => this.writer.send(frame, text),
          (error) => this.log.error('following a stream failed', { conversationId, ...errorFields(error) }),
          context.streamFrames,
          this.version,
        ),
      () => this.closed(),
    );
    this.inbound = new InboundPump(context.limits, context.now, context.limits.maxFrameBytes, {
      isClosed: () => this.closed(),
      ping: (t) => this.writer.send({ type: 'pong', t }),
      rateLimited: (frame, retryAfterMs) =>
        this.sendError('rate_limited', 'Too many frames; slow down and resend after retryAfterMs.', {
          ...(frame === null ? {} : idsOf(frame)),
          retryAfterMs,
        }),
      invalid: (error) => this.refuse(error),
      frame: (frame) => this.dispatch(frame),
    });
    this.writer = new SocketWriter(socket, {
      maxBufferedBytes: context.limits.maxBufferedBytes,
      onOverflow: (bufferedBytes) => this.dropSlowClient(bufferedBytes),
      scheduler: context.flushes,
      // The TCP socket under the WebSocket: the upgraded request's socket.
      transport: request.socket,
      ...(context.interceptDelivery === undefined ? {} : { intercept: context.interceptDelivery }),
    });
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', (code) => this.onSocketClosed(code));
    socket.on('error', (error) => this.log.warn('socket error', errorFields(error)));
    this.log.debug('connection opened');
  }

  /** Sends `shutting_down` and closes with 1001 (the server is going away). */
  shutdown(): void {
    this.fail('shutting_down', 'The server is shutting down; reconnect in a moment.', CLOSE_CODES.goingAway);
  }

  /**
   * The stores became unreachable: live delivery stopped, so say so and close (1011). The client
   * reconnects with backoff and resumes from its cursors once the stores answer again.
   */
  storeUnavailable(): void {
    this.fail(
      'internal',
      'The server lost its connection to its store; reconnect with backoff, your streams resume where they stopped.',
      CLOSE_CODES.internalError,
    );
  }

  get isOpen(): boolean {
    return this.phase !== 'closed';
  }

  /** The client has been silent for the idle timeout. */
  closeIdle(): void {
    if (this.phase === 'closed') return;
    this.log.info('closing idle connection');
    this.phase = 'closed';
    this.writer.flush();
    this.socket.close(CLOSE_CODES.idleTimeout, 'idle timeout');
  }

  // ------------------------------------------------------------------ incoming frames

  private receive(data: RawData, isBinary: boolean): void {
    if (this.phase === 'closed') return;
    this.lastSeenAt = this.context.now();
    this.inbound.receive(data, isBinary);
  }

  private refuse(error: ProtocolError): void {
    const code = errorCodeForRejection(error);
    this.log.info('frame refused', { code });
    if (code === 'unsupported_version') this.fail(code, error.message, CLOSE_CODES.policyViolation);
    else this.sendError(code, error.message);
  }

  /** Handles one frame; never rejects, so the queue keeps going. */
  private async dispatch(frame: QueuedFrame): Promise<void> {
    if (this.phase === 'closed') return;
    try {
      await this.handle(frame);
    } catch (error) {
      this.log.error('frame handling failed', { frameType: frame.type, ...errorFields(error) });
      if (frame.type === 'hello') {
        this.fail('internal', 'The server could not complete the handshake; reconnect later.', CLOSE_CODES.internalError);
      } else {
        this.sendError('internal', 'The server failed to handle this frame; try again.', idsOf(frame));
      }
    }
  }

  private async handle(frame: QueuedFrame): Promise<void> {
    if (frame.type === 'hello') {
      if (this.phase === 'ready') this.sendError('bad_frame', 'This connection has already sent hello; the second one was ignored.');
      else await this.onHello(frame);
      return;
    }
    if (this.phase !== 'ready') {
      this.sendError('handshake_required', 'Send hello before any other frame, then resend this one.', idsOf(frame));
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
        this.followed.unsubscribe(frame.conversationId);
        return;
      case 'stop':
        return this.onStop(frame);
    }
  }

  // ------------------------------------------------------------------ handshake

  private async onHello(hello: HelloFrame): Promise<void> {
    const user = await this.context.authenticate({ token: hello.token, request: this.request });
    if (this.closed()) return;
    if (user === null) {
      this.log.info('authentication refused', { clientId: hello.clientId });
      this.fail('unauthorized', 'The credentials did not authenticate; get a fresh token, then reconnect.', CLOSE_CODES.policyViolation);
      return;
    }
    this.userId = user.userId;
    this.log = this.log.child({ userId: user.userId });

    const [active, { known, lost }] = await Promise.all([
      this.context.streams.activeForOwner(user.userId),
      sortHelloCursors(this.context, user.userId, hello.cursors),
    ]);
    if (this.closed()) return;

    this.phase = 'ready';
    this.version = Math.min(hello.v, PROTOCOL_VERSION);
    const welcome: WelcomeFrame = {
      type: 'welcome',
      v: this.version,
      sessionId: this.sessionId,
      activeStreams: active.map(({ conversationId, messageId, lastSeq, startedAt }) => ({
        conversationId,
        messageId,
        lastSeq,
        startedAt,
      })),
      lostStreams: lost,
      limits: { maxFrameBytes: this.context.limits.maxFrameBytes, maxMessageChars: this.context.limits.maxMessageChars },
      heartbeatMs: this.context.heartbeatMs,
    };
    this.writer.send(welcome);
    this.log.info('client joined', { clientId: hello.clientId, cursors: known.length + lost.length, lost: lost.length });

    // The replay follows the welcome: each known cursor's chunks after its lastSeq, then live.
    for (const cursor of known) {
      const subscription = await this.followed.open(cursor.conversationId);
      if (!(await subscription.follow(cursor.messageId, cursor.lastSeq))) {
        // Dropped by retention between the check and now.
        this.sendError('stream_not_found', 'This stream is no longer retained; load the conversation.', {
          conversationId: cursor.conversationId,
          messageId: cursor.messageId,
        });
      }
    }
  }

  // ------------------------------------------------------------------ conversations

  private async onLoad(frame: LoadFrame): Promise<void> {
    const { conversationId } = frame;
    if ((await this.access('load', conversationId)) === null) {
      // Watched whether it is missing or refused, so both take the same path (protocol v1,
      // "Authorization"); the watch tells a reply only to a user who may load the conversation.
      await this.watchUntilCreated(conversationId);
      return;
    }
    const subscription = await this.followed.open(conversationId);
    // Live frames wait until the answer is out; the load replaces any previous subscription.
    subscription.hold();
    subscription.cancelFollows();
    try {
      const limit = Math.min(frame.limit ?? Number.POSITIVE_INFINITY, this.context.limits.maxHistoryMessages);
      const history = await this.context.conversations.history(conversationId, { limit });
      const lost = new Set<string>();
      for (const message of history) {
        if (message.status !== 'streaming' || subscription.isFollowing(message.id)) continue;
        if (await subscription.follow(message.id, message.seq ?? 0)) continue;
        // A reply enters the history a moment before its stream is created: that one is starting,
        // not lost, and the conversation watch follows it from its first chunk once it exists.
        if (!this.isStartingHere(conversationId, message.id)) lost.add(message.id);
      }
      subscription.release((held) => {
        const composed = composeConversationFrame(conversationId, this.version >= 2 ? history : history.map(withoutParts), held, lost);
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
    return this.context.registry
      .active()
      .some((generation) => generation.conversationId === conversationId && generation.messageId === messageId);
  }

  private async onList(): Promise<void> {
    const all = await this.context.conversations.listByOwner(this.userId);
    const frame: ConversationsFrame = { type: 'conversations', conversations: all.slice(0, MAX_LISTED_CONVERSATIONS) };
    this.writer.send(frame);
  }

  private async onSend(frame: SendFrame): Promise<void> {
    const { conversationId, messageId, text } = frame;
    const { maxMessageChars } = this.context.limits;
    if (frame.files !== undefined && this.version < 2) {
      this.sendError('bad_frame', 'Files need protocol v2; this connection agreed on v1. Send the text alone.', { conversationId, messageId });
      return;
    }
    // Counted in code points (protocol v1); the length test first skips the count for most messages.
    if (text.length > maxMessageChars && countCodePoints(text) > maxMessageChars) {
      this.sendError('message_too_long', `Messages are limited to ${maxMessageChars} characters.`, {
        conversationId,
        messageId,
      });
      return;
    }
    if ((await this.access('send', conversationId, messageId)) === null) return;
    const subscription = await this.followed.open(conversationId);
    // The ack must reach this client before the reply's message_start.
    subscription.hold();
    let appended;
    try {
      appended = await this.context.conversations.appendMessage(conversationId, {
        id: messageId,
        role: 'user',
        text,
        status: 'complete',
        createdAt: this.context.now(),
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
    if (!duplicate) this.context.registry.requestReply(conversationId);
  }

  private async onSubscribe(frame: SubscribeFrame): Promise<void> {
    const { conversationId, messageId, lastSeq } = frame;
    if ((await this.access('subscribe', conversationId)) === null) return;
    const stream = await this.context.streams.get(messageId);
    const subscription = await this.followed.open(conversationId);
    // A subscribe replaces the connection's previous follow of that stream (`follow` cancels it).
    // Only that one: a newer reply of the conversation may already be streaming here, and a client
    // filling a gap in the older one must not lose it.
    if (stream === null || !resumable(stream, conversationId, lastSeq) || !(await subscription.follow(messageId, lastSeq))) {
      this.sendError('stream_not_found', 'This stream is unknown or no longer retained; load the conversation.', {
        conversationId,
        messageId,
      });
    }
  }

  /** A decision on a tool call awaiting approval; the same decision again is ignored. */
  private async onApprove(frame: ApproveFrame): Promise<void> {
    const { conversationId, messageId, toolCallId } = frame;
    if (this.version < 2) {
      this.sendError('bad_frame', 'approve needs protocol v2; this connection agreed on v1.', { conversationId, messageId });
      return;
    }
    if ((await this.access('approve', conversationId)) === null) return;
    const outcome = await this.context.registry.approve({
      conversationId,
      messageId,
      toolCallId,
      approved: frame.approved,
      ...(frame.reason === undefined ? {} : { reason: frame.reason }),
    });
    if (outcome === 'not_pending') {
      this.sendError('not_pending', `Tool call ${toolCallId} is not awaiting a decision (unknown, or decided already); nothing was changed.`, {
        conversationId,
        messageId,
      });
    }
  }

  private async onStop(frame: StopFrame): Promise<void> {
    if ((await this.access('stop', frame.conversationId)) === null) return;
    // Idempotent: stopping nothing in one's own conversation sends nothing (protocol v1, "Stopping
    // a generation"); a missing or refused conversation got `not_found` above.
    this.context.registry.stop(frame.conversationId, frame.messageId);
  }

  /** `conversationAccess` for this connection's user, answering `not_found` when refused. */
  private async access(
    action: ConversationAction,
    conversationId: string,
    /** The refused `send`'s message id, so the client can settle that message instead of resending it forever. */
    messageId?: string,
  ): Promise<ConversationRecord | null> {
    const conversation = await conversationAccess(this.context, this.userId, action, conversationId);
    if (conversation === null) this.sendError('not_found', 'No such conversation.', messageId === undefined ? { conversationId } : { conversationId, messageId });
    return conversation;
  }

  /** Watches a conversation that is missing or refused, telling a reply only if this user may load it then. */
  private watchUntilCreated(conversationId: string): Promise<void> {
    const { conversations, authorize } = this.context;
    return this.followed.watchUntilCreated(conversationId, async () => {
      const conversation = await conversations.get(conversationId);
      return conversation !== null && (await authorize({ userId: this.userId, action: 'load', conversation }));
    });
  }

  // ------------------------------------------------------------------ outgoing, closing

  /** A method rather than a field test, so checks after an await are not narrowed away. */
  private closed(): boolean {
    return this.phase === 'closed';
  }

  private sendError(code: ErrorCode, message: string, extras: ErrorExtras = {}): void {
    this.writer.send({ type: 'error', code, message, ...extras } satisfies ServerFrame);
  }

  /** Sends a fatal error and closes. */
  private fail(code: ErrorCode, message: string, closeCode: number): void {
    if (this.phase === 'closed') return;
    this.sendError(code, message, { fatal: true });
    this.phase = 'closed';
    // Frames wait for the end of the turn; the close frame must not overtake them.
    this.writer.flush();
    this.socket.close(closeCode, code);
  }

  private dropSlowClient(bufferedBytes: number): void {
    if (this.phase === 'closed') return;
    this.log.warn('dropping a client that reads too slowly', { bufferedBytes });
    this.phase = 'closed';
    this.socket.terminate();
  }

  private onSocketClosed(code: number): void {
    this.phase = 'closed';
    this.followed.closeAll();
    this.log.debug('connection closed', { code });
    this.context.onClosed(this);
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

/** The ids an error about this frame may carry (they passed validation, so they are safe to echo). */
function idsOf(frame: ClientFrame): ErrorExtras {
  const ids: { conversationId?: string; messageId?: string } = {};
  if ('conversationId' in frame) ids.conversationId = frame.conversationId;
  if ('messageId' in frame && frame.messageId !== undefined) ids.messageId = frame.messageId;
  return ids;
}

function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
