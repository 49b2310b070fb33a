import { assign, emit, enqueueActions, not, setup } from 'xstate';
import { isDevelopment } from '../environment/isDevelopment.ts';
import { RejoinError } from '../errors/RejoinError.ts';
import { addPendingMessage, resumeCursors } from '../merge/index.ts';
import { emptyConversation } from '../model/conversation.ts';
import { PROTOCOL_VERSION } from '../protocol/frames.ts';
import { applyServerFrames } from './applyServerFrames.ts';
import { markMessageFailed } from './markMessageFailed.ts';
import { oversizeRefusal } from './oversizeRefusal.ts';
import { throttledFramesDue } from './throttledFramesDue.ts';
import { backoffDelay, nextRandom } from './backoff.ts';
import { createInitialContext, withError, type ChatContext, type ChatMachineInput } from './chatContext.ts';
import type { ChatConfig } from './chatConfig.ts';
import type { ChatEvent } from './chatEvents.ts';
import type { ChatEffect } from './chatEffects.ts';
import type { TimerName } from './chatTimers.ts';

/** Error codes after which retrying cannot help: the client waits in `failed` for a human. */
const REFUSALS = new Set(['unsupported_version', 'unauthorized']);

/**
 * Why a connection ended, as a typed error, for the banner and for `lastError`. What the client does
 * next is development-only advice (see environment/isDevelopment.ts); production keeps the facts.
 */
function connectionError(event: ChatEvent): RejoinError {
  switch (event.type) {
    case 'CONNECT_TIMEOUT':
      return new RejoinError(
        'connection/timeout',
        isDevelopment
          ? 'The socket did not open in time; retrying with backoff. Check the server URL if this persists.'
          : 'The socket did not open in time.',
      );
    case 'HANDSHAKE_TIMEOUT':
      return new RejoinError(
        'connection/timeout',
        isDevelopment
          ? 'The server did not answer hello in time; retrying with backoff.'
          : 'The server did not answer hello in time.',
      );
    case 'LOAD_TIMEOUT':
      return new RejoinError(
        'connection/timeout',
        isDevelopment
          ? 'The server did not answer load in time; retrying with backoff.'
          : 'The server did not answer load in time.',
      );
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

// The socket and timer effects of entering and leaving states. Timers are named (chatTimers.ts):
// the state that owns one starts it on entry, for its configured duration, and cancels it on exit.
const effect = emit<ChatContext, ChatEvent, undefined, ChatEvent, ChatEffect>;
const openSocket = effect({ type: 'socket.open' });
const closeSocket = effect({ type: 'socket.close' });
const startTimer = (timer: TimerName, duration: keyof ChatConfig) =>
  effect(({ context }) => ({ type: 'timer.start', timer, ms: context.config[duration] }));
const cancelTimer = (timer: TimerName) => effect({ type: 'timer.cancel', timer });

/**
 * The Rejoin client as a pure statechart. It never touches a socket, a timer, storage or the DOM:
 * every effect is an emitted `ChatEffect` (open or close the socket, send frames, start or cancel a
 * named timer) that the client's drivers carry out, and every input arrives as an event. That keeps it deterministic, runnable in Node with fakes, and walkable by
 * `xstate/graph` for model-based tests.
 */
export const chatMachine = setup({
  types: {
    context: {} as ChatContext,
    events: {} as ChatEvent,
    input: {} as ChatMachineInput,
    emitted: {} as ChatEffect,
  },
  actions: {
    sendHello: enqueueActions(({ context, enqueue }) => {
      // Every reply still streaming, including one whose end was lost with the last connection.
      const cursors = Object.values(context.conversations).flatMap(resumeCursors);
      enqueue.emit({ type: 'socket.send', frames: [{ type: 'hello', v: PROTOCOL_VERSION, clientId: context.clientId, cursors, ...(context.token === null ? {} : { token: context.token }) }] });
    }),
    applyFrames: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'SOCKET.FRAMES') return;
      const outcome = applyServerFrames(context, event.frames);
      let next = outcome.context;
      for (const error of event.errors) next = { ...next, errors: withError(next.errors, error) };
      enqueue.assign(next);
      if (outcome.outgoing.length > 0) enqueue.emit({ type: 'socket.send', frames: outcome.outgoing });
      // The server refused something new (`rate_limited`): redo it once the wait it asked for is over.
      const refusedMore = next.throttledSends !== context.throttledSends || next.throttledFrames !== context.throttledFrames;
      if (refusedMore && (next.throttledSends.length > 0 || next.throttledFrames.length > 0)) {
        enqueue.emit({ type: 'timer.start', timer: 'resend', ms: next.retryAfterMs });
      }
    }),
    resendThrottled: enqueueActions(({ context, enqueue }) => {
      const { frames, rest } = throttledFramesDue(context);
      enqueue.assign({ throttledFrames: [], throttledSends: rest });
      if (frames.length > 0) enqueue.emit({ type: 'socket.send', frames });
      if (rest.length > 0) enqueue.emit({ type: 'timer.start', timer: 'resend', ms: context.retryAfterMs });
    }),
    recordRefusal: assign(({ context, event }) => {
      const frame = event.type === 'SOCKET.FRAMES' ? event.frames.find((f) => f.type === 'error' && REFUSALS.has(f.code)) : undefined;
      const error = new RejoinError(
        'server/error',
        `The server refused this client${frame?.type === 'error' ? ` (${frame.code}: ${frame.message})` : ''}.` +
          (isDevelopment ? ' Fix the cause, then call retry().' : ''),
      );
      return { lastError: error, errors: withError(context.errors, error) };
    }),
    queueMessage: assign(({ context, event }) => {
      if (event.type !== 'SEND') return {};
      if (context.outbox.some((entry) => entry.messageId === event.messageId)) return {};
      const entry = { conversationId: event.conversationId, messageId: event.messageId, text: event.text, createdAt: event.at };
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
      if (!context.outbox.some((entry) => entry.messageId === event.messageId)) return;
      enqueue.emit({
        type: 'socket.send',
        frames: [{ type: 'send', conversationId: event.conversationId, messageId: event.messageId, text: event.text }],
      });
    }),
    queueStop: assign(({ context, event }) =>
      event.type === 'STOP' && !context.pendingStops.includes(event.conversationId)
        ? { pendingStops: [...context.pendingStops, event.conversationId] }
        : {},
    ),
    sendStop: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'STOP') return;
      enqueue.emit({ type: 'socket.send', frames: [{ type: 'stop', conversationId: event.conversationId }] });
    }),
    setOpenConversation: assign(({ context, event }) => {
      if (event.type !== 'OPEN') return {};
      const conversations = event.conversationId in context.conversations
        ? context.conversations
        : { ...context.conversations, [event.conversationId]: emptyConversation(event.conversationId) };
      return { openConversationId: event.conversationId, conversations };
    }),
    loadOpenConversation: enqueueActions(({ context, enqueue }) => {
      if (context.openConversationId === null) return;
      enqueue.assign({ pendingLoad: context.openConversationId });
      enqueue.emit({ type: 'socket.send', frames: [{ type: 'load', conversationId: context.openConversationId }] });
    }),
    probe: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ framesAtProbe: context.framesReceived });
      enqueue.emit({ type: 'socket.send', frames: [{ type: 'ping', t: context.framesReceived }] });
      enqueue.emit({ type: 'timer.start', timer: 'heartbeatTimeout', ms: context.config.heartbeatTimeoutMs });
    }),
    // The welcome burst of the next connection resends whatever was throttled on this one.
    resetConnection: assign({
      welcomed: false,
      pendingLoad: null,
      framesReceived: 0,
      framesAtProbe: 0,
      throttledSends: [],
      throttledFrames: [],
    }),
    scheduleRetry: enqueueActions(({ context, event, enqueue }) => {
      const random = nextRandom(context.jitterSeed);
      const delay = backoffDelay(context.attempt, context.config.backoffBaseMs, context.config.backoffMaxMs, random.value);
      const at = 'at' in event ? event.at : 0;
      const error = connectionError(event);
      enqueue.assign({
        attempt: context.attempt + 1,
        retryDelayMs: delay,
        nextRetryAt: at + delay,
        jitterSeed: random.seed,
        lastError: error,
      });
      enqueue.emit({ type: 'timer.start', timer: 'backoff', ms: delay });
    }),
    clearRetry: assign({ nextRetryAt: null }),
    resetAttempts: assign({ attempt: 0 }),
    recordStorageError: assign(({ context, event }) =>
      event.type === 'STORAGE.ERROR' ? { errors: withError(context.errors, event.error) } : {},
    ),
  },
  guards: {
    welcomed: ({ context }) => context.welcomed,
    loadSettled: ({ context }) => context.pendingLoad === null,
    openConversationStreaming: ({ context }) =>
      context.openConversationId !== null && context.conversations[context.openConversationId]?.stream != null,
    hasQueuedMessages: ({ context }) => context.outbox.length > 0,
    attemptsExhausted: ({ context }) => context.attempt >= context.config.maxAttempts,
    silentSinceProbe: ({ context }) => context.framesReceived === context.framesAtProbe,
    framesRefuseClient: ({ event }) =>
      event.type === 'SOCKET.FRAMES' && event.frames.some((frame) => frame.type === 'error' && REFUSALS.has(frame.code)),
  },
}).createMachine({
  id: 'rejoin',
  context: ({ input }) => createInitialContext(input),
  initial: 'idle',
  on: {
    DISPOSE: '.disposed',
    SEND: { actions: 'queueMessage' },
    STOP: { actions: 'queueStop' },
    OPEN: { actions: 'setOpenConversation' },
    'STORAGE.ERROR': { actions: 'recordStorageError' },
  },
  states: {
    /** Created, not connecting yet (server-side rendering, or `autoConnect: false`). */
    idle: {
      on: { START: 'connecting' },
    },
    /** Opening a socket. */
    connecting: {
      entry: [openSocket, startTimer('connect', 'connectTimeoutMs')],
      exit: cancelTimer('connect'),
      on: {
        'SOCKET.OPEN': 'connected',
        'SOCKET.CLOSED': 'disconnected',
        CONNECT_TIMEOUT: 'disconnected',
        BROWSER_OFFLINE: 'disconnected',
      },
    },
    /** A socket is open. Restoring, then merging, then ready; the heartbeat runs throughout. */
    connected: {
      entry: startTimer('heartbeatDue', 'heartbeatIntervalMs'),
      exit: [cancelTimer('heartbeatDue'), cancelTimer('heartbeatTimeout'), cancelTimer('resend'), 'resetConnection'],
      initial: 'restoring',
      on: {
        'SOCKET.FRAMES': [
          { guard: 'framesRefuseClient', target: 'failed', actions: 'recordRefusal' },
          { actions: 'applyFrames' },
        ],
        'SOCKET.CLOSED': 'disconnected',
        BROWSER_OFFLINE: 'disconnected',
        HEARTBEAT_DUE: { actions: 'probe' },
        HEARTBEAT_TIMEOUT: [
          { guard: 'silentSinceProbe', target: 'disconnected' },
          { actions: startTimer('heartbeatDue', 'heartbeatIntervalMs') },
        ],
        SEND: { actions: ['queueMessage', 'sendQueuedMessage'] },
        RESEND_DUE: { actions: 'resendThrottled' },
      },
      states: {
        /** Handshake: `hello` with every stream cursor; the server answers with what they missed. */
        restoring: {
          entry: ['sendHello', startTimer('handshake', 'handshakeTimeoutMs')],
          exit: cancelTimer('handshake'),
          always: { guard: 'welcomed', target: 'merging' },
          on: {
            HANDSHAKE_TIMEOUT: '#rejoin.disconnected',
            // Queued until the handshake; the welcome burst sends them.
            SEND: { actions: 'queueMessage' },
            STOP: { actions: 'queueStop' },
          },
        },
        /** Waiting for the open conversation's history, then merging it with local streaming state. */
        merging: {
          entry: startTimer('load', 'loadTimeoutMs'),
          exit: cancelTimer('load'),
          always: { guard: 'loadSettled', target: 'ready' },
          on: {
            LOAD_TIMEOUT: '#rejoin.disconnected',
            OPEN: { target: 'merging', reenter: true, actions: ['setOpenConversation', 'loadOpenConversation'] },
            STOP: { actions: 'sendStop' },
          },
        },
        /** Live. `streaming` while the open conversation has a reply in progress. */
        ready: {
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
    /** No socket. Waits out a jittered backoff; `queueing` while messages wait in the outbox. */
    disconnected: {
      entry: [closeSocket, 'scheduleRetry'],
      exit: [cancelTimer('backoff'), 'clearRetry'],
      always: { guard: 'attemptsExhausted', target: 'failed' },
      initial: 'waiting',
      on: {
        BACKOFF_ELAPSED: 'connecting',
        BROWSER_ONLINE: 'connecting',
        TAB_VISIBLE: 'connecting',
        RETRY: 'connecting',
      },
      states: {
        waiting: { always: { guard: 'hasQueuedMessages', target: 'queueing' } },
        // Only an ack empties the outbox, and acks need a connection: queueing lasts until connecting.
        queueing: {},
      },
    },
    /** Gave up after `maxAttempts`, or the server refused the client. Waits for `retry()`. */
    failed: {
      entry: closeSocket,
      on: { RETRY: { target: 'connecting', actions: 'resetAttempts' } },
    },
    /** Disposed for good. */
    disposed: {
      type: 'final',
      entry: closeSocket,
    },
  },
});

export type ChatMachine = typeof chatMachine;
