import { assign, cancel, enqueueActions, fromCallback, not, raise, setup, spawnChild, stopChild, type SnapshotFrom } from 'xstate';
import { isDevelopment } from '../environment/isDevelopment.ts';
import { RejoinError } from '../errors/RejoinError.ts';
import { addPendingMessage, resumeCursors } from '../merge/index.ts';
import { emptyConversation, type OutboxEntry } from '../model/conversation.ts';
import { PROTOCOL_VERSION, type ClientFrame } from '../protocol/frames.ts';
import type { SocketCommand } from '../socket/createSocketActor.ts';
import {
  applyAckFrame,
  applyChunkFrames,
  applyConversation,
  applyMessageEndFrame,
  applyMessageStartFrame,
  applyServerError,
  applyWelcome,
  refusesLoad,
  type FramesOutcome,
} from './applyServerFrames.ts';
import { markMessageFailed } from './markMessageFailed.ts';
import { oversizeRefusal } from './oversizeRefusal.ts';
import { throttledFramesDue } from './throttledFramesDue.ts';
import { approveFrame, queueApproval, settleApprovalsFromChunks, settleApprovalsFromError, settleApprovalsFromHistory } from './approvals.ts';
import { outboxFrames } from './outboxFrames.ts';
import { backoffDelay, nextRandom } from './backoff.ts';
import { createInitialContext, withError, type ChatContext, type ChatMachineInput } from './chatContext.ts';
import type { ChatEvent } from './chatEvents.ts';
import type { ConnectionState } from './connectionState.ts';

/** Error codes after which retrying cannot help: the client waits in `failed` for a human. */
const REFUSALS = new Set(['unsupported_version', 'unauthorized']);

/** What each `after` timeout that ends a connection means, by the name of its delay. */
const TIMEOUTS: Readonly<Record<string, { code: 'connection/timeout'; fact: string; advice: string }>> = {
  connectTimeout: { code: 'connection/timeout', fact: 'The socket did not open in time', advice: '; retrying with backoff. Check the server URL if this persists.' },
  handshakeTimeout: { code: 'connection/timeout', fact: 'The server did not answer hello in time', advice: '; retrying with backoff.' },
  loadTimeout: { code: 'connection/timeout', fact: 'The server did not answer load in time', advice: '; retrying with backoff.' },
};

/** The delay name of an `after` event: `xstate.after.connectTimeout.rejoin.connecting` → `connectTimeout`. */
function delayOf(eventType: string): string | undefined {
  return eventType.startsWith('xstate.after.') ? eventType.split('.')[2] : undefined;
}

/**
 * Why a connection ended, as a typed error, for the banner and for `lastError`. What the client does
 * next is development-only advice (see environment/isDevelopment.ts); production keeps the facts.
 */
function connectionError(event: { type: string; code?: number; reason?: string }): RejoinError {
  const timeout = TIMEOUTS[delayOf(event.type) ?? ''];
  if (timeout) return new RejoinError(timeout.code, timeout.fact + (isDevelopment ? timeout.advice : '.'));
  switch (event.type) {
    case 'HEARTBEAT_TIMEOUT':
      return new RejoinError(
        'connection/heartbeat',
        isDevelopment
          ? 'The server stopped answering (half-open socket); reconnecting.'
          : 'The server stopped answering.',
      );
    case 'BROWSER_OFFLINE':
      return new RejoinError(
        'connection/failed',
        isDevelopment ? 'The browser went offline; messages are queued until it is back.' : 'The browser went offline.',
      );
    case 'SOCKET.CLOSED':
      return new RejoinError(
        'connection/failed',
        `The socket closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''})` +
          (isDevelopment ? '; reconnecting.' : '.'),
      );
    default:
      return new RejoinError(
        'connection/failed',
        'The connection was lost' +
          (isDevelopment ? '; reconnecting.' : '.'),
      );
  }
}

/** Assigns what a frame's fold returned and writes the frames it asks for to the socket. */
function commit(
  enqueue: { assign(context: ChatContext): void; sendTo(to: 'socket', command: SocketCommand): void },
  outcome: FramesOutcome,
): void {
  enqueue.assign(outcome.context);
  if (outcome.outgoing.length > 0) enqueue.sendTo('socket', writeFrames(outcome.outgoing));
}

function writeFrames(frames: readonly ClientFrame[]): SocketCommand {
  return { type: 'socket.send', frames };
}

/** The context with `count` more frames received on this connection (the heartbeat reads it). */
function received(context: ChatContext, count: number): ChatContext {
  return { ...context, framesReceived: context.framesReceived + count };
}

/**
 * The Rejoin client as a pure statechart. It performs no I/O itself: the socket is a callback actor
 * it spawns per connection attempt (`actors.socket`, provided by createChatClient from the transport)
 * and stops when the connection is over; its timers are `after` transitions and delayed events on
 * named `delays`, run by the clock given to `createActor`. Every input arrives as an event. That keeps
 * it deterministic, runnable in Node with fakes, and walkable by `xstate/graph`.
 */
export const chatMachine = setup({
  types: {
    context: {} as ChatContext,
    events: {} as ChatEvent,
    input: {} as ChatMachineInput,
    children: {} as { socket: 'socket' },
    /**
     * `sending`: the outbox has gone out on this connection and a SEND goes straight out. The
     * others name the connection as an indicator shows it (`selectConnection`), one per state.
     */
    tags: {} as 'sending' | ConnectionState,
  },
  actors: {
    // Provided by createChatClient (socket/createSocketActor.ts). Unprovided, the machine talks to nobody.
    socket: fromCallback<SocketCommand, undefined, ChatEvent>(() => {}),
  },
  delays: {
    connectTimeout: ({ context }) => context.config.connectTimeoutMs,
    handshakeTimeout: ({ context }) => context.config.handshakeTimeoutMs,
    loadTimeout: ({ context }) => context.config.loadTimeoutMs,
    heartbeatInterval: ({ context }) => context.config.heartbeatIntervalMs,
    heartbeatTimeout: ({ context }) => context.config.heartbeatTimeoutMs,
    /** The jittered wait `scheduleRetry` drew on entering `disconnected`. */
    backoff: ({ context }) => context.retryDelayMs,
    /** The wait the server asked for in its last `rate_limited` answer. */
    resend: ({ context }) => context.retryAfterMs,
  },
  actions: {
    sendHello: enqueueActions(({ context, enqueue }) => {
      // Every reply still streaming, including one whose end was lost with the last connection.
      const cursors = Object.values(context.conversations).flatMap(resumeCursors);
      enqueue.sendTo('socket', writeFrames([{ type: 'hello', v: PROTOCOL_VERSION, clientId: context.clientId, cursors, ...(context.token === null ? {} : { token: context.token }) }]));
    }),
    // One action per server frame: each folds its frame with a pure function of applyServerFrames.ts
    // (unit-tested there) and sends what that function asks to send. Every frame counts for the
    // heartbeat, which only asks whether anything arrived since its probe.
    applyWelcome: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'SERVER.WELCOME') commit(enqueue, applyWelcome(received(context, 1), event.frame));
    }),
    applyConversation: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'SERVER.CONVERSATION') return;
      enqueue.assign(settleApprovalsFromHistory(applyConversation(received(context, 1), event.frame).context, event.frame));
    }),
    applyConversationList: assign(({ context, event }) =>
      event.type === 'SERVER.CONVERSATIONS' ? { ...received(context, 1), conversationList: event.frame.conversations } : {},
    ),
    applyAck: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'SERVER.ACK') commit(enqueue, applyAckFrame(received(context, 1), event.frame));
    }),
    applyMessageStart: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'SERVER.MESSAGE_START') commit(enqueue, applyMessageStartFrame(received(context, 1), event.frame));
    }),
    applyChunks: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'SERVER.CHUNKS') return;
      const outcome = applyChunkFrames(received(context, event.fresh ?? event.frames.length), event.frames);
      commit(enqueue, { ...outcome, context: settleApprovalsFromChunks(outcome.context, event.frames) });
    }),
    // The fast path's buffer committed after the socket was stopped (see createChunkFastPath.ts):
    // in-order chunks the app already shows. Folded so the text stays and the next hello resumes
    // after it; nothing is sent (there may be no socket) and nothing counts for a heartbeat.
    foldCommittedChunks: assign(({ context, event }) =>
      event.type === 'SERVER.CHUNKS' ? settleApprovalsFromChunks(applyChunkFrames(context, event.frames).context, event.frames) : {},
    ),
    applyMessageEnd: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'SERVER.MESSAGE_END') commit(enqueue, applyMessageEndFrame(received(context, 1), event.frame));
    }),
    applyError: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'SERVER.ERROR') return;
      const next = settleApprovalsFromError(applyServerError(received(context, 1), event.frame).context, event.frame);
      enqueue.assign(next);
      // The server refused something new (`rate_limited`): redo it once the wait it asked for is over.
      const refusedMore = next.throttledSends !== context.throttledSends || next.throttledFrames !== context.throttledFrames;
      if (refusedMore && (next.throttledSends.length > 0 || next.throttledFrames.length > 0)) {
        // One resend pending at a time, waiting the newest `retryAfterMs`.
        enqueue.cancel('resend');
        enqueue.raise({ type: 'RESEND_DUE' }, { id: 'resend', delay: 'resend' });
      }
    }),
    answerPing: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'SERVER.PING') return;
      enqueue.assign(received(context, 1));
      enqueue.sendTo('socket', writeFrames([{ type: 'pong', t: event.frame.t }]));
    }),
    countPong: assign(({ context }) => received(context, 1)),
    recordInvalidFrames: assign(({ context, event }) => {
      if (event.type !== 'SOCKET.INVALID') return {};
      let errors = context.errors;
      for (const error of event.errors) errors = withError(errors, error);
      return { errors };
    }),
    resendThrottled: enqueueActions(({ context, enqueue }) => {
      const { frames, rest } = throttledFramesDue(context);
      enqueue.assign({ throttledFrames: [], throttledSends: rest });
      if (frames.length > 0) enqueue.sendTo('socket', writeFrames(frames));
      enqueue.cancel('resend');
      if (rest.length > 0) enqueue.raise({ type: 'RESEND_DUE' }, { id: 'resend', delay: 'resend' });
    }),
    recordRefusal: assign(({ context, event }) => {
      const frame = event.type === 'SERVER.ERROR' ? event.frame : undefined;
      const error = new RejoinError(
        'server/error',
        `The server refused this client${frame ? ` (${frame.code}: ${frame.message})` : ''}.` +
          (isDevelopment ? ' Fix the cause, then call retry().' : ''),
      );
      return { lastError: error, errors: withError(context.errors, error) };
    }),
    queueMessage: assign(({ context, event }) => {
      if (event.type !== 'SEND') return {};
      if (context.outbox.some((entry) => entry.messageId === event.messageId)) return {};
      const entry: OutboxEntry = {
        conversationId: event.conversationId,
        messageId: event.messageId,
        text: event.text,
        createdAt: event.at,
        ...(event.files === undefined || event.files.length === 0 ? {} : { files: event.files }),
      };
      const conversation = context.conversations[event.conversationId] ?? emptyConversation(event.conversationId);
      const refusal = oversizeRefusal(entry, context.serverLimits);
      if (refusal !== null) {
        // Shown as failed and never queued: the server would refuse it on every reconnect.
        const failed = markMessageFailed(addPendingMessage(conversation, entry), entry.messageId);
        return {
          conversations: { ...context.conversations, [event.conversationId]: failed },
          errors: withError(context.errors, refusal),
        };
      }
      return {
        outbox: [...context.outbox, entry],
        conversations: { ...context.conversations, [event.conversationId]: addPendingMessage(conversation, entry) },
      };
    }),
    sendQueuedMessage: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'SEND') return;
      // queueMessage ran first: a message it refused is not in the outbox and is not sent.
      const queued = context.outbox.find((entry) => entry.messageId === event.messageId);
      if (queued === undefined) return;
      enqueue.assign({
        outbox: context.outbox.map((entry) => (entry === queued ? { ...entry, sent: true as const } : entry)),
      });
      enqueue.sendTo('socket', writeFrames(outboxFrames([queued])));
    }),
    queueApproval: assign(({ context, event }) => (event.type === 'APPROVE' ? queueApproval(context, event.approval) : {})),
    // queueApproval ran first; a decision already queued went out with it the first time.
    sendApproval: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'APPROVE' || !context.approvals.includes(event.approval)) return;
      enqueue.sendTo('socket', writeFrames([approveFrame(event.approval)]));
    }),
    // Stop before a message left the browser cancels its send: it leaves the outbox (and so
    // storage) and the thread, and no reply is ever asked for, so none can come back stopped.
    // A message already written to a socket stays: the server may have it.
    cancelQueuedSends: assign(({ context, event }) => {
      if (event.type !== 'STOP') return {};
      const cancelled = new Set(
        context.outbox.filter((entry) => entry.conversationId === event.conversationId && entry.sent !== true).map((entry) => entry.messageId),
      );
      const conversation = context.conversations[event.conversationId];
      return {
        outbox: context.outbox.filter((entry) => !cancelled.has(entry.messageId)),
        conversations: conversation === undefined
          ? context.conversations
          : {
              ...context.conversations,
              [event.conversationId]: { ...conversation, messages: conversation.messages.filter((message) => !cancelled.has(message.id)) },
            },
      };
    }),
    // After cancelling queued sends, a stop still goes out for a reply that was already streaming
    // or for a message that may have reached the server, and only then: a stop for a conversation
    // the server never saw would be answered `not_found`.
    queueStopOfReply: assign(({ context, event }) =>
      event.type === 'STOP' &&
      (context.conversations[event.conversationId]?.stream != null ||
        context.activeStreams[event.conversationId] !== undefined ||
        context.outbox.some((entry) => entry.conversationId === event.conversationId)) &&
      !context.pendingStops.includes(event.conversationId)
        ? { pendingStops: [...context.pendingStops, event.conversationId] }
        : {},
    ),
    queueStop: assign(({ context, event }) =>
      event.type === 'STOP' && !context.pendingStops.includes(event.conversationId)
        ? { pendingStops: [...context.pendingStops, event.conversationId] }
        : {},
    ),
    sendStop: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'STOP') return;
      enqueue.sendTo('socket', writeFrames([{ type: 'stop', conversationId: event.conversationId }]));
    }),
    setOpenConversation: assign(({ context, event }) => {
      if (event.type !== 'OPEN') return {};
      // A conversation made up here is known to be empty and idle, so the server's `not_found`
      // for it (nothing sent yet) does not make it unavailable.
      const opened = emptyConversation(event.conversationId);
      const conversations = event.conversationId in context.conversations
        ? context.conversations
        : { ...context.conversations, [event.conversationId]: event.created === true ? { ...opened, status: 'idle' as const } : opened };
      return { openConversationId: event.conversationId, conversations };
    }),
    loadOpenConversation: enqueueActions(({ context, enqueue }) => {
      if (context.openConversationId === null) return;
      enqueue.assign({ pendingLoad: context.openConversationId });
      enqueue.sendTo('socket', writeFrames([{ type: 'load', conversationId: context.openConversationId }]));
    }),
    // Its answer is judged on `HEARTBEAT_TIMEOUT`, raised beside it in `connected`, where the diagram shows it.
    probe: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ framesAtProbe: context.framesReceived });
      enqueue.sendTo('socket', writeFrames([{ type: 'ping', t: context.framesReceived }]));
    }),
    // The welcome burst of the next connection resends whatever was throttled on this one.
    resetConnection: assign({
      pendingLoad: null,
      framesReceived: 0,
      framesAtProbe: 0,
      throttledSends: [],
      throttledFrames: [],
    }),
    // Draws the jittered wait the `backoff` delay reads; the state's `after` runs it.
    scheduleRetry: assign(({ context, event }) => {
      const random = nextRandom(context.jitterSeed);
      return {
        attempt: context.attempt + 1,
        retryDelayMs: backoffDelay(context.attempt, context.config.backoffBaseMs, context.config.backoffMaxMs, random.value),
        jitterSeed: random.seed,
        lastError: connectionError(event),
      };
    }),
    /**
     * When the next attempt happens, for a countdown. Reading a clock is I/O, so createChatClient
     * provides this with its clock (`chatMachine.provide`); unprovided, the machine knows how long it
     * waits (`retryDelayMs`) but not until when.
     */
    stampNextRetryAt: assign({ nextRetryAt: null }),
    clearRetry: assign({ nextRetryAt: null }),
    resetAttempts: assign({ attempt: 0 }),
    recordStorageError: assign(({ context, event }) =>
      event.type === 'STORAGE.ERROR' ? { errors: withError(context.errors, event.error) } : {},
    ),
  },
  guards: {
    hasOpenConversation: ({ context }) => context.openConversationId !== null,
    answersPendingLoad: ({ context, event }) =>
      event.type === 'SERVER.CONVERSATION' && event.frame.conversationId === context.pendingLoad,
    refusesPendingLoad: ({ context, event }) => event.type === 'SERVER.ERROR' && refusesLoad(event.frame, context.pendingLoad),
    openConversationStreaming: ({ context }) =>
      context.openConversationId !== null && context.conversations[context.openConversationId]?.stream != null,
    hasQueuedMessages: ({ context }) => context.outbox.length > 0,
    stopsQueuedSends: ({ context, event }) =>
      event.type === 'STOP' && context.outbox.some((entry) => entry.conversationId === event.conversationId && entry.sent !== true),
    attemptsExhausted: ({ context }) => context.attempt >= context.config.maxAttempts,
    silentSinceProbe: ({ context }) => context.framesReceived === context.framesAtProbe,
    refusesClient: ({ event }) => event.type === 'SERVER.ERROR' && REFUSALS.has(event.frame.code),
  },
}).createMachine({
  id: 'rejoin',
  context: ({ input }) => createInitialContext(input),
  initial: 'idle',
  on: {
    DISPOSE: '.disposed',
    SEND: { actions: 'queueMessage' },
    APPROVE: { actions: 'queueApproval' },
    // Nothing leaves the browser here: a stop cancels the conversation's queued sends, and is
    // itself queued for a reply generating on the server (sent after the handshake).
    STOP: [{ guard: 'stopsQueuedSends', actions: ['cancelQueuedSends', 'queueStopOfReply'] }, { actions: 'queueStop' }],
    OPEN: { actions: 'setOpenConversation' },
    'STORAGE.ERROR': { actions: 'recordStorageError' },
    // Only the chunk fast path sends these outside `connected`: text shown before the socket stopped.
    'SERVER.CHUNKS': { actions: 'foldCommittedChunks' },
  },
  states: {
    /** Created, not connecting yet (server-side rendering, or `autoConnect: false`). */
    idle: {
      tags: 'idle',
      on: { START: 'connecting' },
    },
    /**
     * Opening a socket: a socket actor is spawned for this attempt. It lives on through `connected`
     * and is stopped (which closes it) on entering any state without a socket.
     */
    connecting: {
      tags: 'connecting',
      entry: spawnChild('socket', { id: 'socket' }),
      after: { connectTimeout: 'disconnected' },
      on: {
        'SOCKET.OPEN': 'connected',
        'SOCKET.CLOSED': 'disconnected',
        BROWSER_OFFLINE: 'disconnected',
      },
    },
    /**
     * A socket is open. `restoring` until the server's `welcome` (SERVER.WELCOME), `merging` until the
     * open conversation's history (SERVER.CONVERSATION) or the server's word that it has none
     * (SERVER.ERROR), then `ready`; the heartbeat runs throughout.
     */
    connected: {
      // The heartbeat and the resend run beside the phases below, as delayed events on named delays
      // (one pending of each, by id; XState keeps one per id only if the old one is cancelled first):
      // probe after `heartbeatInterval`, judge after `heartbeatTimeout`, and again.
      entry: raise({ type: 'HEARTBEAT_DUE' }, { id: 'heartbeat', delay: 'heartbeatInterval' }),
      exit: [cancel('heartbeat'), cancel('resend'), 'resetConnection'],
      initial: 'restoring',
      on: {
        // Frames that steer no transition here; the handshake's are handled in the states below.
        'SERVER.CONVERSATION': { actions: 'applyConversation' },
        'SERVER.CONVERSATIONS': { actions: 'applyConversationList' },
        'SERVER.ACK': { actions: 'applyAck' },
        'SERVER.MESSAGE_START': { actions: 'applyMessageStart' },
        'SERVER.CHUNKS': { actions: 'applyChunks' },
        'SERVER.MESSAGE_END': { actions: 'applyMessageEnd' },
        'SERVER.ERROR': [{ guard: 'refusesClient', target: 'failed', actions: 'recordRefusal' }, { actions: 'applyError' }],
        'SERVER.PING': { actions: 'answerPing' },
        'SERVER.PONG': { actions: 'countPong' },
        'SOCKET.INVALID': { actions: 'recordInvalidFrames' },
        'SOCKET.CLOSED': 'disconnected',
        BROWSER_OFFLINE: 'disconnected',
        HEARTBEAT_DUE: {
          actions: ['probe', cancel('heartbeat'), raise({ type: 'HEARTBEAT_TIMEOUT' }, { id: 'heartbeat', delay: 'heartbeatTimeout' })],
        },
        HEARTBEAT_TIMEOUT: [
          { guard: 'silentSinceProbe', target: 'disconnected' },
          { actions: [cancel('heartbeat'), raise({ type: 'HEARTBEAT_DUE' }, { id: 'heartbeat', delay: 'heartbeatInterval' })] },
        ],
        SEND: { actions: ['queueMessage', 'sendQueuedMessage'] },
        APPROVE: { actions: ['queueApproval', 'sendApproval'] },
        RESEND_DUE: { actions: 'resendThrottled' },
      },
      states: {
        /** Handshake: `hello` with every stream cursor; the server answers with what they missed. */
        restoring: {
          tags: 'restoring',
          entry: 'sendHello',
          after: { handshakeTimeout: '#rejoin.disconnected' },
          on: {
            // The server's answer to hello ends the handshake; with a conversation open, its
            // history is loaded next.
            'SERVER.WELCOME': [
              { guard: 'hasOpenConversation', target: 'merging', actions: 'applyWelcome' },
              { target: 'ready', actions: 'applyWelcome' },
            ],
            // Queued until the handshake; the welcome burst sends them.
            SEND: { actions: 'queueMessage' },
            APPROVE: { actions: 'queueApproval' },
            STOP: [{ guard: 'stopsQueuedSends', actions: ['cancelQueuedSends', 'queueStopOfReply'] }, { actions: 'queueStop' }],
          },
        },
        /** Waiting for the open conversation's history, then merging it with local streaming state. */
        merging: {
          // The welcome burst sent the outbox; from here on a SEND goes straight out.
          tags: ['sending', 'merging'],
          after: { loadTimeout: '#rejoin.disconnected' },
          on: {
            // The history of the conversation it waits for, or the server's word that it has none.
            'SERVER.CONVERSATION': { guard: 'answersPendingLoad', target: 'ready', actions: 'applyConversation' },
            'SERVER.ERROR': { guard: 'refusesPendingLoad', target: 'ready', actions: 'applyError' },
            OPEN: { target: 'merging', reenter: true, actions: ['setOpenConversation', 'loadOpenConversation'] },
            STOP: { actions: 'sendStop' },
          },
        },
        /**
         * Live. `streaming` while the open conversation has a reply in progress. A view over context,
         * kept as guarded eventless transitions on purpose: a start, chunks replayed into a history, a
         * history with an active stream, an end, a lost stream and OPEN all change it, and one guard
         * on the fold's result is the single truth; one transition per such event would repeat it.
         */
        ready: {
          tags: ['sending', 'connected'],
          initial: 'idle',
          on: {
            OPEN: { target: 'merging', actions: ['setOpenConversation', 'loadOpenConversation'] },
            STOP: { actions: 'sendStop' },
          },
          states: {
            idle: { always: { guard: 'openConversationStreaming', target: 'streaming' } },
            streaming: { always: { guard: not('openConversationStreaming'), target: 'idle' } },
          },
        },
      },
    },
    /** No socket. Waits out a jittered backoff; `queueing` while messages wait in the outbox (a view over it, like `streaming`). */
    disconnected: {
      tags: 'disconnected',
      entry: [stopChild('socket'), 'scheduleRetry', 'stampNextRetryAt'],
      exit: 'clearRetry',
      after: { backoff: 'connecting' },
      always: { guard: 'attemptsExhausted', target: 'failed' },
      initial: 'waiting',
      on: {
        BROWSER_ONLINE: 'connecting',
        TAB_VISIBLE: 'connecting',
        RETRY: 'connecting',
      },
      states: {
        waiting: { always: { guard: 'hasQueuedMessages', target: 'queueing' } },
        // An ack needs a connection, so only a stop (cancelling the queued sends) empties the
        // outbox here.
        queueing: { always: { guard: not('hasQueuedMessages'), target: 'waiting' } },
      },
    },
    /** Gave up after `maxAttempts`, or the server refused the client. Waits for `retry()`. */
    failed: {
      tags: 'failed',
      entry: stopChild('socket'),
      on: { RETRY: { target: 'connecting', actions: 'resetAttempts' } },
    },
    /** Disposed for good. */
    disposed: {
      tags: 'disposed',
      type: 'final',
      entry: stopChild('socket'),
    },
  },
});

export type ChatMachine = typeof chatMachine;
/** The machine's snapshot: what adapters render. Stable by reference between changes. */
export type ChatSnapshot = SnapshotFrom<ChatMachine>;
