import type { FinishReason, HistoryMessage } from '../model/message.ts';
import type { MessagePart, PartEvent } from '../model/parts.ts';
import type { ClientFrame, ConversationSummary, ServerFrame } from '../protocol/frames.ts';
import { negotiatedVersion } from '../protocol/frames.ts';
import { PartsDraft, partsOfUserMessage } from '../merge/messageParts.ts';
import type { Clock } from '../environment/Clock.ts';
import { createFakeTransport, type FakeConnection, type FakeTransport } from './createFakeTransport.ts';

export interface FakeServerOptions {
  /** The clock the server streams on; share it with the client. */
  readonly clock: Clock;
  /** Tokens per second of a reply. @default 30 */
  readonly tokensPerSecond?: number;
  /**
   * The reply to a user message: a string, split into tokens at word boundaries, or a script of
   * steps (protocol v2 parts, approvals included; see `ReplyStep`), one step per tick.
   */
  readonly reply?: (userText: string) => string | readonly ReplyStep[];
  /**
   * The highest protocol version the server speaks; 1 plays an older server (text only).
   * @default 2
   */
  readonly maxVersion?: number;
  /** Open connections by themselves. @default true */
  readonly autoAccept?: boolean;
}

/**
 * One step of a scripted reply, one seq each: text, a part event, or a tool call that waits for
 * the user's decision. `awaitApproval` sends `tool-approval-request` for the call (whose input an
 * earlier step gave) and pauses the reply until an `approve` frame; the server then sends
 * `tool-approval-response` (and `tool-denied` when denied) and goes on with the branch decided,
 * then with the steps after it, in the same message.
 */
export type ReplyStep =
  | string
  | PartEvent
  | { readonly awaitApproval: string; readonly ifApproved: readonly ReplyStep[]; readonly ifDenied: readonly ReplyStep[] };

/** What one chunk carries. */
type ChunkPayload = { readonly text: string } | { readonly part: PartEvent };

interface FakeStream {
  readonly conversationId: string;
  readonly messageId: string;
  readonly chunks: ChunkPayload[];
  finish: FinishReason | null;
  tokens: ReplyStep[];
  timer: unknown;
  /** The tool call the reply is paused on, with the branches to go on with. */
  awaiting: Extract<ReplyStep, { awaitApproval: string }> | null;
  /** Decisions applied, by tool call: the same decision again is ignored. */
  readonly decisions: Map<string, boolean>;
  parts: readonly MessagePart[];
  text: string;
}

interface Follower {
  readonly connection: FakeConnection;
  /** Conversations this connection follows live. */
  readonly following: Set<string>;
  /** The protocol version of this session, set by `hello`. */
  version: number;
  /** The last conversation it loaded before it existed: followed once a reply starts there. */
  watching: string | null;
  welcomed: boolean;
}

const defaultReply = (userText: string): string =>
  `You said "${userText.slice(0, 40)}". Here is a reply that streams one token at a time, so a refresh, a dropped socket or a switch of conversation can be tried halfway through it.`;

/**
 * An in-memory protocol v2 server (v1 sessions served text only) on a fake clock, for unit tests of the client and for stories.
 * It speaks the whole protocol (handshake with replay, load, list, idempotent send, streaming,
 * subscribe from an offset, stop, ping) and adds switches for the bad days: `dropAll`, `restart`
 * (which forgets every stream, like an in-memory server that died), `pause` (a half-open socket),
 * `setDown` (refuse connections) and `latencyMs`.
 */
/**
 * A frame as a session of `version` gets it: v1 sees every part event as an empty text chunk (its
 * seq stays contiguous) and history without parts, as docs/protocol.md's v1 downgrade says.
 */
function forVersion(frame: ServerFrame, version: number): ServerFrame {
  if (version >= 2) return frame;
  if (frame.type === 'chunk' && frame.part !== undefined) {
    const { part: _part, ...rest } = frame;
    return { ...rest, text: '' };
  }
  if (frame.type === 'conversation') {
    return { ...frame, messages: frame.messages.map(({ parts: _parts, ...message }) => message) };
  }
  return frame;
}

export function createFakeServer(options: FakeServerOptions) {
  const fake: FakeTransport = createFakeTransport();
  const clock = options.clock;
  const reply = options.reply ?? defaultReply;
  let tokensPerSecond = options.tokensPerSecond ?? 30;
  const maxVersion = options.maxVersion ?? 2;
  let history = new Map<string, HistoryMessage[]>();
  let streams = new Map<string, FakeStream>();
  let active = new Map<string, FakeStream>(); // by conversation
  const followers = new Map<FakeConnection, Follower>();
  let down = false;
  let unreachable = false;
  let throttleNextSendMs: number | null = null;
  let paused = false;
  let latencyMs = 0;
  let ids = 0;

  const deliver = (follower: Follower, wireFrame: ServerFrame): void => {
    if (paused) return;
    const frame = forVersion(wireFrame, follower.version);
    if (latencyMs === 0) follower.connection.deliver(frame);
    else clock.setTimeout(() => follower.connection.deliver(frame), latencyMs);
  };
  const broadcast = (conversationId: string, frame: ServerFrame): void => {
    for (const follower of followers.values()) {
      if (follower.connection.state === 'open' && follower.following.has(conversationId)) deliver(follower, frame);
    }
  };
  const replay = (follower: Follower, stream: FakeStream, afterSeq: number): void => {
    stream.chunks.forEach((payload, index) => {
      if (index + 1 > afterSeq) {
        deliver(follower, { type: 'chunk', conversationId: stream.conversationId, messageId: stream.messageId, seq: index + 1, ...payload } as ServerFrame);
      }
    });
    if (stream.finish !== null) {
      deliver(follower, {
        type: 'message_end',
        conversationId: stream.conversationId,
        messageId: stream.messageId,
        finishReason: stream.finish,
        lastSeq: stream.chunks.length,
      });
    }
    follower.following.add(stream.conversationId);
  };

  const messagesOf = (conversationId: string): HistoryMessage[] => {
    let messages = history.get(conversationId);
    if (!messages) history.set(conversationId, (messages = []));
    return messages;
  };

  const end = (stream: FakeStream, finish: FinishReason): void => {
    if (stream.finish !== null) return;
    clock.clearTimeout(stream.timer);
    stream.finish = finish;
    const messages = messagesOf(stream.conversationId);
    const index = messages.findIndex((message) => message.id === stream.messageId);
    if (index >= 0) {
      messages[index] = { ...messages[index]!, text: stream.text, parts: stream.parts, seq: stream.chunks.length, status: finish === 'complete' ? 'complete' : finish };
    }
    active.delete(stream.conversationId);
    broadcast(stream.conversationId, {
      type: 'message_end',
      conversationId: stream.conversationId,
      messageId: stream.messageId,
      finishReason: finish,
      lastSeq: stream.chunks.length,
    });
    maybeGenerate(stream.conversationId);
  };

  /** Appends one chunk to the stream, its history message and every follower. */
  const emit = (stream: FakeStream, payload: ChunkPayload): void => {
    stream.chunks.push(payload);
    const draft = new PartsDraft(stream.parts);
    if ('text' in payload) {
      draft.appendText(payload.text);
      stream.text += payload.text;
    } else draft.apply(payload.part);
    stream.parts = draft.result();
    const messages = messagesOf(stream.conversationId);
    const index = messages.findIndex((message) => message.id === stream.messageId);
    if (index >= 0) messages[index] = { ...messages[index]!, text: stream.text, parts: stream.parts, seq: stream.chunks.length };
    broadcast(stream.conversationId, {
      type: 'chunk',
      conversationId: stream.conversationId,
      messageId: stream.messageId,
      seq: stream.chunks.length,
      ...payload,
    } as ServerFrame);
  };

  const tick = (stream: FakeStream): void => {
    const step = stream.tokens.shift();
    if (step === undefined) return end(stream, 'complete');
    if (typeof step === 'string') emit(stream, { text: step });
    else if ('kind' in step) emit(stream, { part: step });
    else {
      // Paused until `approve`: no timer, the message and the conversation stay streaming.
      emit(stream, { part: { kind: 'tool-approval-request', toolCallId: step.awaitApproval } });
      stream.awaiting = step;
      return;
    }
    stream.timer = clock.setTimeout(() => tick(stream), 1000 / tokensPerSecond);
  };

  /** `approve`: the first decision for the paused call is applied, the same one again ignored, anything else `not_pending`. */
  const decide = (follower: Follower, frame: Extract<ClientFrame, { type: 'approve' }>): void => {
    const stream = streams.get(frame.messageId);
    const known = stream !== undefined && stream.conversationId === frame.conversationId;
    if (known && stream.decisions.get(frame.toolCallId) === frame.approved) return;
    if (!known || stream.awaiting?.awaitApproval !== frame.toolCallId || stream.finish !== null) {
      deliver(follower, {
        type: 'error',
        code: 'not_pending',
        message: `Tool call ${frame.toolCallId} is not awaiting approval.`,
        conversationId: frame.conversationId,
        messageId: frame.messageId,
      });
      return;
    }
    const branch = stream.awaiting;
    stream.awaiting = null;
    stream.decisions.set(frame.toolCallId, frame.approved);
    emit(stream, {
      part: {
        kind: 'tool-approval-response',
        toolCallId: frame.toolCallId,
        approved: frame.approved,
        ...(frame.reason === undefined ? {} : { reason: frame.reason }),
      },
    });
    if (!frame.approved) emit(stream, { part: { kind: 'tool-denied', toolCallId: frame.toolCallId } });
    stream.tokens = [...(frame.approved ? branch.ifApproved : branch.ifDenied), ...stream.tokens];
    stream.timer = clock.setTimeout(() => tick(stream), 1000 / tokensPerSecond);
  };

  /** Answers the oldest unanswered user message, if nothing is generating. */
  const maybeGenerate = (conversationId: string): void => {
    if (active.has(conversationId)) return;
    const messages = messagesOf(conversationId);
    const last = messages[messages.length - 1];
    if (!last || last.role !== 'user') return;
    const messageId = `a${++ids}x${clock.now()}`;
    const script = reply(last.text);
    const stream: FakeStream = {
      conversationId,
      messageId,
      chunks: [],
      finish: null,
      tokens: typeof script === 'string' ? (script.match(/\S+\s*/g) ?? []) : [...script],
      timer: null,
      awaiting: null,
      decisions: new Map(),
      parts: [],
      text: '',
    };
    streams.set(messageId, stream);
    active.set(conversationId, stream);
    // A tab that loaded this conversation before it existed follows it from its first reply.
    for (const follower of followers.values()) {
      if (follower.watching === conversationId) {
        follower.watching = null;
        follower.following.add(conversationId);
      }
    }
    messages[messages.length - 1] = { ...last, replyTo: messageId };
    messages.push({ id: messageId, role: 'assistant', text: '', parts: [], status: 'streaming', createdAt: clock.now(), seq: 0 });
    broadcast(conversationId, {
      type: 'message_start',
      conversationId,
      messageId,
      replyTo: last.id,
      index: messages.length - 1,
      createdAt: clock.now(),
    });
    stream.timer = clock.setTimeout(() => tick(stream), 1000 / tokensPerSecond);
  };

  // Most recently updated first, as protocol v1 asks.
  const summaries = (): ConversationSummary[] =>
    [...history.entries()].map(([conversationId, messages]): ConversationSummary => ({
      conversationId,
      title: messages.find((message) => message.role === 'user')?.text.slice(0, 40) ?? 'New chat',
      status: active.has(conversationId) ? 'streaming' : 'idle',
      updatedAt: messages[messages.length - 1]?.createdAt ?? 0,
      messageCount: messages.length,
    })).sort((a, b) => b.updatedAt - a.updatedAt);

  const handle = (connection: FakeConnection, frame: ClientFrame): void => {
    if (paused) return;
    const follower = followers.get(connection);
    if (!follower) return;
    // ping and pong are accepted before the handshake too; anything else is refused, not fatally.
    if (!follower.welcomed && frame.type !== 'hello' && frame.type !== 'ping' && frame.type !== 'pong') {
      deliver(follower, {
        type: 'error',
        code: 'handshake_required',
        message: 'Send hello first.',
        ...('conversationId' in frame ? { conversationId: frame.conversationId } : {}),
        ...('messageId' in frame && frame.messageId !== undefined ? { messageId: frame.messageId } : {}),
      });
      return;
    }
    switch (frame.type) {
      case 'hello': {
        follower.welcomed = true;
        follower.version = Math.min(negotiatedVersion(frame.v), maxVersion);
        // A cursor ahead of its stream cannot be resumed: it is lost like an unknown one.
        const resumable = (cursor: { conversationId: string; messageId: string; lastSeq: number }): boolean => {
          const stream = streams.get(cursor.messageId);
          return stream !== undefined && stream.conversationId === cursor.conversationId && cursor.lastSeq <= stream.chunks.length;
        };
        const known = frame.cursors.filter(resumable);
        const lost = frame.cursors.filter((cursor) => !resumable(cursor));
        deliver(follower, {
          type: 'welcome',
          v: follower.version,
          sessionId: `s${++ids}`,
          activeStreams: [...active.values()].map((stream) => ({
            conversationId: stream.conversationId,
            messageId: stream.messageId,
            lastSeq: stream.chunks.length,
            startedAt: 0,
          })),
          lostStreams: lost,
          limits: { maxFrameBytes: 1_048_576, maxMessageChars: 8_000 },
          heartbeatMs: 30_000,
        });
        for (const cursor of known) replay(follower, streams.get(cursor.messageId)!, cursor.lastSeq);
        break;
      }
      case 'load': {
        const messages = history.get(frame.conversationId);
        if (!messages) {
          deliver(follower, { type: 'error', code: 'not_found', message: 'No such conversation.', conversationId: frame.conversationId });
          follower.watching = frame.conversationId;
          break;
        }
        const stream = active.get(frame.conversationId);
        deliver(follower, {
          type: 'conversation',
          conversationId: frame.conversationId,
          status: stream ? 'streaming' : 'idle',
          messages: frame.limit === undefined ? [...messages] : messages.slice(-frame.limit),
          activeStream: stream ? { messageId: stream.messageId, lastSeq: stream.chunks.length } : null,
        });
        follower.following.add(frame.conversationId);
        break;
      }
      case 'list':
        deliver(follower, { type: 'conversations', conversations: summaries() });
        break;
      case 'send': {
        if (throttleNextSendMs !== null) {
          deliver(follower, {
            type: 'error',
            code: 'rate_limited',
            message: 'Too many messages; retry later.',
            conversationId: frame.conversationId,
            messageId: frame.messageId,
            retryAfterMs: throttleNextSendMs,
          });
          throttleNextSendMs = null;
          break;
        }
        const messages = messagesOf(frame.conversationId);
        follower.following.add(frame.conversationId);
        const existing = messages.findIndex((message) => message.id === frame.messageId);
        if (existing >= 0) {
          deliver(follower, {
            type: 'ack',
            conversationId: frame.conversationId,
            messageId: frame.messageId,
            index: existing,
            createdAt: messages[existing]!.createdAt,
            duplicate: true,
          });
          break;
        }
        // A v1 session has no files: an older client never sends them, and they are not kept if it did.
        const files = follower.version >= 2 ? frame.files : undefined;
        messages.push({
          id: frame.messageId,
          role: 'user',
          text: frame.text,
          parts: partsOfUserMessage(frame.text, files),
          status: 'complete',
          createdAt: clock.now(),
        });
        deliver(follower, {
          type: 'ack',
          conversationId: frame.conversationId,
          messageId: frame.messageId,
          index: messages.length - 1,
          createdAt: clock.now(),
          duplicate: false,
        });
        maybeGenerate(frame.conversationId);
        break;
      }
      case 'subscribe': {
        if (!history.has(frame.conversationId)) {
          deliver(follower, { type: 'error', code: 'not_found', message: 'No such conversation.', conversationId: frame.conversationId });
          break;
        }
        const stream = streams.get(frame.messageId);
        if (!stream || stream.conversationId !== frame.conversationId || frame.lastSeq > stream.chunks.length) {
          deliver(follower, {
            type: 'error',
            code: 'stream_not_found',
            message: 'That stream is gone.',
            conversationId: frame.conversationId,
            messageId: frame.messageId,
          });
          break;
        }
        replay(follower, stream, frame.lastSeq);
        break;
      }
      case 'unsubscribe':
        follower.following.delete(frame.conversationId);
        break;
      case 'stop': {
        if (!history.has(frame.conversationId)) {
          deliver(follower, { type: 'error', code: 'not_found', message: 'No such conversation.', conversationId: frame.conversationId });
          follower.watching = frame.conversationId;
          break;
        }
        const stream = active.get(frame.conversationId);
        // With messageId, only that reply; a stop naming a reply that is not generating does nothing.
        if (stream && (frame.messageId === undefined || frame.messageId === stream.messageId)) end(stream, 'stopped');
        break;
      }
      case 'approve':
        if (follower.version < 2) {
          deliver(follower, { type: 'error', code: 'bad_frame', message: 'approve needs protocol v2.', conversationId: frame.conversationId });
          break;
        }
        decide(follower, frame);
        break;
      case 'ping':
        deliver(follower, { type: 'pong', t: frame.t });
        break;
      case 'pong':
        break;
    }
  };

  fake.onConnect = (connection) => {
    followers.set(connection, { connection, following: new Set(), version: maxVersion, watching: null, welcomed: false });
    if (down) {
      clock.setTimeout(() => connection.drop(1006, 'server down'), 0);
      return;
    }
    // Nothing answers: the socket stays opening until the client gives up on it.
    if (unreachable) return;
    if (options.autoAccept ?? true) clock.setTimeout(() => connection.accept(), latencyMs);
  };
  fake.onFrame = (connection, frame) => {
    if (latencyMs === 0) handle(connection, frame);
    else clock.setTimeout(() => handle(connection, frame), latencyMs);
  };

  const dropAll = (code = 1006, reason = 'dropped'): void => {
    for (const follower of followers.values()) follower.connection.drop(code, reason);
    followers.clear();
  };

  return {
    /** Pass to `createChatClient({ transport })`. */
    transport: fake.transport,
    /** The underlying scripted transport (connections and what the client sent). */
    fake,
    /** The server's canonical messages of a conversation. */
    history: (conversationId: string): readonly HistoryMessage[] => history.get(conversationId) ?? [],
    /** Is a reply being generated in this conversation? */
    isGenerating: (conversationId: string): boolean => active.has(conversationId),
    /** Closes every connection (the client reconnects and resumes). */
    dropAll,
    /**
     * Drops everyone and loses every stream, like a server process restarting. By default it loses
     * the conversations too (an in-memory store); with `keepHistory` they survive (a Redis store) and
     * a reply that was generating stays as far as it got, ended with `error`, its stream gone.
     */
    restart(restartOptions: { readonly keepHistory?: boolean } = {}): void {
      for (const stream of active.values()) clock.clearTimeout(stream.timer);
      if (restartOptions.keepHistory === true) {
        for (const stream of active.values()) {
          const messages = messagesOf(stream.conversationId);
          const index = messages.findIndex((message) => message.id === stream.messageId);
          if (index >= 0) messages[index] = { ...messages[index]!, status: 'error' };
        }
      } else {
        history = new Map();
      }
      streams = new Map();
      active = new Map();
      dropAll(1012, 'restart');
    },
    /** While down, connections are refused. */
    setDown(value: boolean): void {
      down = value;
      if (value) dropAll(1001, 'going away');
    },
    /** While unreachable, new connections hang unanswered (a network partition), until the client's connect timeout. */
    setUnreachable(value: boolean): void {
      unreachable = value;
    },
    /** Refuses the next `send` with `rate_limited`, asking the client to wait `retryAfterMs`. */
    throttleNextSend(retryAfterMs: number): void {
      throttleNextSendMs = retryAfterMs;
    },
    /** Sends a heartbeat `ping` on every open connection. */
    ping(): void {
      for (const follower of followers.values()) {
        if (follower.connection.state === 'open') deliver(follower, { type: 'ping', t: clock.now() });
      }
    },
    /** Half-open: frames in both directions vanish, no close is signalled. */
    pause(value: boolean): void {
      paused = value;
    },
    /** Delays delivery both ways (a slow network). */
    setLatency(ms: number): void {
      latencyMs = ms;
    },
    setTokensPerSecond(value: number): void {
      tokensPerSecond = value;
    },
    /** Ends a conversation's generation as the server would on `stop`. */
    stop(conversationId: string): void {
      const stream = active.get(conversationId);
      if (stream) end(stream, 'stopped');
    },
  };
}

export type FakeServer = ReturnType<typeof createFakeServer>;
