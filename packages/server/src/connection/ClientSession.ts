import type { IncomingMessage } from 'node:http';
import type { ErrorCode, ProtocolError, ServerFrame } from '@rejoin/core/protocol';
import type WebSocket from 'ws';
import type { RawData } from 'ws';
import type { Authenticate } from '../auth/Authenticate.ts';
import type { Authorize } from '../auth/Authorize.ts';
import type { IdleCandidate } from '../heartbeat/IdleSweeper.ts';
import { createId } from '../ids/createId.ts';
import type { ResolvedLimits } from '../limits/ServerLimits.ts';
import { errorFields, type Logger } from '../logging/createLogger.ts';
import { errorCodeForRejection } from '../protocol/coreProtocol.ts';
import type { ConversationStore } from '../stores/ConversationStore.ts';
import type { StreamStore } from '../stores/StreamStore.ts';
import type { GenerationRegistry } from '../streams/GenerationRegistry.ts';
import { CLOSE_CODES } from './closeCodes.ts';
import { ConversationSubscription } from './ConversationSubscription.ts';
import { FollowedConversations } from './FollowedConversations.ts';
import { FrameDispatch } from './FrameDispatch.ts';
import { InboundPump } from './InboundPump.ts';
import type { FlushScheduler } from './FlushScheduler.ts';
import { type ErrorExtras, idsOf, type SessionPort } from './SessionPort.ts';
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

/**
 * The protocol, for one WebSocket connection. It wires the parts that each hold one job: the
 * `InboundPump` (parse, limits, rate limit, arrival order), the `FrameDispatch` (the handshake in
 * `sessionHandshake.ts`, then one handler per client frame, authorized by `SessionAccess`), and
 * the `SocketWriter`; it owns the connection's lifecycle: open, ready, closed.
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
    request: IncomingMessage,
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
    const dispatch = new FrameDispatch(this.port(), request);
    this.inbound = new InboundPump(context.limits, context.now, context.limits.maxFrameBytes, {
      isClosed: () => this.closed(),
      ping: (t) => this.writer.send({ type: 'pong', t }),
      rateLimited: (frame, retryAfterMs) =>
        this.sendError('rate_limited', 'Too many frames; slow down and resend after retryAfterMs.', {
          ...(frame === null ? {} : idsOf(frame)),
          retryAfterMs,
        }),
      invalid: (error) => this.refuse(error),
      frame: (frame) => dispatch.dispatch(frame),
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

  /** This session as its parts see it: live views of its state, and its ways out. */
  private port(): SessionPort {
    // Getters, not copies: the handshake changes the user, the version and the logger later.
    const session = this;
    return {
      sessionId: this.sessionId,
      context: this.context,
      followed: this.followed,
      get userId() {
        return session.userId;
      },
      get version() {
        return session.version;
      },
      get log() {
        return session.log;
      },
      get ready() {
        return session.phase === 'ready';
      },
      authenticated: (userId) => {
        this.userId = userId;
        this.log = this.log.child({ userId });
      },
      join: (version) => {
        this.phase = 'ready';
        this.version = version;
      },
      send: (frame) => this.writer.send(frame),
      sendError: (code, message, extras) => this.sendError(code, message, extras),
      fail: (code, message, closeCode) => this.fail(code, message, closeCode),
      closed: () => this.closed(),
    };
  }
}
