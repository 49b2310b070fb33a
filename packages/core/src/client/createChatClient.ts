import { nanoid } from 'nanoid';
import { assign, createActor, type Actor, type InspectionEvent } from 'xstate';
import { RejoinError } from '../errors/RejoinError.ts';
import { isId } from '../protocol/fieldChecks.ts';
import { systemClock, type Clock } from '../environment/Clock.ts';
import { isDevelopment } from '../environment/isDevelopment.ts';
import { createChunkFastPath, type ChunkFastPath } from '../fastpath/createChunkFastPath.ts';
import { resolveChatConfig, type ChatConfig } from '../machine/chatConfig.ts';
import { chatMachine, type ChatMachine, type ChatSnapshot } from '../machine/chatMachine.ts';
import { createPersister, type Persister, type PersisterStats } from '../persistence/createPersister.ts';
import type { FileAttachment } from '../model/parts.ts';
import type { KeyValueStorage } from '../persistence/KeyValueStorage.ts';
import { PERSISTED_RECORD_VERSION } from '../persistence/PersistedRecord.ts';
import { connectPersistence } from '../persistence/connectPersistence.ts';
import { resolveBrowserStorage } from '../persistence/resolveBrowserStorage.ts';
import { stateFromRecord } from '../persistence/stateFromRecord.ts';
import { createSocketActor } from '../socket/createSocketActor.ts';
import { createWebSocketTransport, type WebSocketConstructor } from '../socket/createWebSocketTransport.ts';
import type { Transport } from '../socket/Transport.ts';
import { createTabCoordinator, type TabCoordinator } from '../tabs/createTabCoordinator.ts';
import { leaderOnlyPersister } from '../tabs/leaderOnlyPersister.ts';
import { resolveTabPlatform, type TabPlatform } from '../tabs/TabPlatform.ts';
import { connectBrowserSignals } from './connectBrowserSignals.ts';
import { createDevtoolsTap, type ClientDevtools } from './devtoolsTap.ts';

export interface ChatClientOptions {
  /** `ws(s)://` URL of a protocol v1 server. Give this or `transport`. */
  readonly url?: string;
  /** WebSocket implementation for `url`. @default globalThis.WebSocket (Node 20: pass `ws`) */
  readonly WebSocket?: WebSocketConstructor;
  /** A custom transport (or the fake one from `@rejoin/core/testing`). Takes precedence over `url`. */
  readonly transport?: Transport;
  /**
   * Whose data this is: persisted state is stored under this namespace, and a snapshot written under
   * another namespace is never read. Use a stable user id; call `clearPersistedData()` on sign-out.
   */
  readonly namespace: string;
  /** Credential sent in `hello`, for the server's auth hook. Never persisted. */
  readonly token?: string;
  /**
   * Where the snapshot is persisted. @default localStorage when it works, else memory (reported as
   * a `storage/unavailable` error). Pass `null` to persist nothing.
   */
  readonly storage?: KeyValueStorage | null;
  /** Minimum time between two storage writes while streaming. @default 500 */
  readonly persistThrottleMs?: number;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Message and conversation ids. @default nanoid */
  readonly generateId?: () => string;
  /** Connection tuning; see `ChatConfig` for each default. */
  readonly config?: Partial<ChatConfig>;
  /**
   * How long chunks may wait to be coalesced into one machine event; the latency bound a chunk can
   * gain. Other frames are never delayed. 0 coalesces only what arrives within one task. @default 16
   */
  readonly frameBatchMs?: number;
  /** Largest frame accepted from the server. @default 1 MiB */
  readonly maxFrameBytes?: number;
  /** Connect on creation. Pass false for server-side rendering, then call `connect()`. @default true */
  readonly autoConnect?: boolean;
  /** Passed through to XState, e.g. `createBrowserInspector().inspect` from `@statelyai/inspect`. */
  readonly inspect?: (event: InspectionEvent) => void;
  /**
   * `coordinate`: the tabs of this browser that share the namespace share one socket, held by a
   * leader tab elected with the Web Locks API; the others talk to it over a `BroadcastChannel`, and
   * only the leader writes storage. `independent`: every tab has its own socket. Where Web Locks or
   * `BroadcastChannel` is missing, tabs are independent whatever this says.
   * @default 'coordinate'
   */
  readonly tabs?: 'coordinate' | 'independent';
  /** The locks and channels tabs coordinate with (`createFakeTabs` in tests). @default the browser's */
  readonly tabPlatform?: TabPlatform;
}

/** Options of `send`. */
export interface SendOptions {
  /** @default the open conversation (or a new one) */
  readonly conversationId?: string;
  /** Files attached by URL (protocol v2; uploading them is the app's business). */
  readonly files?: readonly FileAttachment[];
}

/** Which tool call a decision is about. */
export interface ToolCallRef {
  /** @default the open conversation */
  readonly conversationId?: string;
  /** The assistant message holding the call. */
  readonly messageId: string;
  readonly toolCallId: string;
}

/** The user's decision on a tool call awaiting approval. */
export interface ToolCallDecision extends ToolCallRef {
  readonly approved: boolean;
  readonly reason?: string;
}

/** Approvals and files need a v2 session; a v1 server would refuse them on every reconnect. */
function assertSessionSpeaksV2(sessionVersion: number | null, feature: string): void {
  if (sessionVersion !== null && sessionVersion < 2) {
    throw new RejoinError(
      'usage/unsupported',
      `${feature} needs protocol v2, and the server speaks v${sessionVersion}. Upgrade the server, or hide this feature when \`client.getSnapshot().context.sessionVersion\` is below 2.`,
    );
  }
}

export interface ChatClient {
  /**
   * The XState actor, for inspection and for sending events. Its snapshot lags behind
   * `getSnapshot()` while a reply streams in order: those chunks are folded beside it and committed
   * to it at least every 500 ms (`FAST_PATH_COMMIT_MS`), before any other frame, when the socket
   * closes, on `pagehide` and on dispose. Render from `subscribe` and `getSnapshot`, which never lag.
   */
  readonly actor: Actor<ChatMachine>;
  /** Calls `listener` after every change. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  getSnapshot(): ChatSnapshot;
  /**
   * The snapshot a server renders: this client's initial state with nothing restored from storage
   * (a server has no localStorage). Hydrate with it, then switch to `getSnapshot()`, and the
   * persisted stream appears right after hydration without a mismatch. Stable by reference.
   */
  getServerSnapshot(): ChatSnapshot;
  /** Starts connecting (only needed with `autoConnect: false`). */
  connect(): void;
  /** Shows a conversation: loads its history and follows its stream. */
  open(conversationId: string): void;
  /** Opens a new, empty conversation and returns its id. */
  newConversation(): string;
  /**
   * Sends a user message into the open conversation (or a new one). Queued while offline, persisted,
   * and delivered exactly once. Returns the message id.
   */
  send(text: string, options?: SendOptions): string;
  /**
   * Gives the user's decision on a tool call awaiting approval (protocol v2). Shown at once (the
   * tool part turns `approval-responded`), queued while offline, persisted, and resent after each
   * reconnect until the stream shows the server's answer. Throws `usage/unsupported` when the
   * server speaks protocol v1, and `usage/invalid` for ids that cannot be on the wire.
   */
  approveToolCall(decision: ToolCallDecision): void;
  /** `approveToolCall({ ...call, approved: true })`. */
  approveTool(call: ToolCallRef, reason?: string): void;
  /** `approveToolCall({ ...call, approved: false })`. */
  denyTool(call: ToolCallRef, reason?: string): void;
  /** Ends the reply being generated in the open (or given) conversation. Not a disconnect. */
  stop(conversationId?: string): void;
  /** Reconnects now (from `failed`, or to skip a backoff wait). */
  retry(): void;
  /** Flushes persistence, closes the socket and stops everything. */
  dispose(): void;
  /** Removes this namespace's persisted snapshot (call on sign-out on a shared browser). */
  clearPersistedData(): void;
  /** Storage writes so far; for benchmarks and diagnostics. */
  readonly persistenceStats: PersisterStats;
  /**
   * For `@rejoin/devtools`: the frames in and out, and the network switches (drop, offline).
   * Not for app code; watching frames costs nothing while nobody listens.
   */
  readonly devtools: ClientDevtools;
}

const EMPTY_PERSISTER_STATS: PersisterStats = {
  writes: 0,
  bytesWritten: 0,
  failures: 0,
  skippedUnchanged: 0,
  storedChars: 0,
  lastWriteAt: null,
  version: PERSISTED_RECORD_VERSION,
};

/** App-given ids go on the wire: hold them to the protocol's rule here, where the caller can see why. */
function assertConversationId(conversationId: string): void {
  if (!isId(conversationId)) {
    throw new RejoinError(
      'usage/invalid',
      `"${String(conversationId).slice(0, 40)}" is not a valid conversation id: use 1 to 128 characters among A-Z a-z 0-9 _ - (a nanoid fits).`,
    );
  }
}

/** Creates a chat client: the machine with its socket and clock provided, browser signals, and persistence. */
export function createChatClient(options: ChatClientOptions): ChatClient {
  const clock = options.clock ?? systemClock;
  const generateId = options.generateId ?? (() => nanoid());
  const givenTransport =
    options.transport ??
    (options.url === undefined
      ? undefined
      : createWebSocketTransport({ url: options.url, ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}) }));
  if (givenTransport === undefined) {
    throw new RejoinError('usage/invalid', 'createChatClient needs `url` (a ws:// or wss:// address) or `transport`.');
  }
  // Devtools' offline switch is pressed only once the client exists, so `actor` (below) is set by then.
  const tap = createDevtoolsTap(givenTransport, clock, (online) =>
    actor.send(online ? { type: 'BROWSER_ONLINE' } : { type: 'BROWSER_OFFLINE', at: clock.now() }),
  );
  const transport = tap.transport;

  // Development only: a storage problem is told once per kind in the console, where a developer
  // looks, besides `snapshot.context.errors` (which the app shows); a full storage failing on every
  // write would otherwise flood it.
  const warnedStorageCodes = new Set<string>();
  const warnStorageProblem = (error: RejoinError): void => {
    if (!isDevelopment || !error.code.startsWith('storage/') || warnedStorageCodes.has(error.code)) return;
    warnedStorageCodes.add(error.code);
    console.warn(error.message);
  };
  const startupErrors: RejoinError[] = [];
  let storage: KeyValueStorage | null;
  if (options.storage === undefined) {
    const resolved = resolveBrowserStorage();
    storage = resolved.storage;
    if (resolved.error) startupErrors.push(resolved.error);
  } else {
    storage = options.storage;
  }
  let actorRef: Actor<ChatMachine> | null = null;
  const persister: Persister | null =
    storage === null
      ? null
      : createPersister({
          storage,
          namespace: options.namespace,
          clock,
          ...(options.persistThrottleMs === undefined ? {} : { throttleMs: options.persistThrottleMs }),
          onError: (error) => {
            warnStorageProblem(error);
            if (actorRef) actorRef.send({ type: 'STORAGE.ERROR', error });
            else startupErrors.push(error);
          },
        });
  const restoredResult = persister?.restore() ?? { record: null, error: null };
  if (restoredResult.error) startupErrors.push(restoredResult.error);
  for (const error of startupErrors) warnStorageProblem(error);
  const restored = restoredResult.record ? stateFromRecord(restoredResult.record) : null;

  const baseInput = {
    config: resolveChatConfig(options.config),
    clientId: generateId(),
    token: options.token ?? null,
    // Seed the jitter generator per client so a crowd of clients spreads out.
    jitterSeed: Math.floor(Math.random() * 2 ** 31),
  };
  // Never started: its snapshot is the initial state, as a server without storage would render it.
  const serverSnapshot = createActor(chatMachine, { input: baseInput }).getSnapshot();
  // The machine's I/O, injected: the socket actor over the transport, and the clock, which runs its
  // `after` transitions and delayed events (createActor's `clock`) and stamps the retry countdown.
  // The socket actor hands its batches to the fast path, which reads the actor built from it: it is
  // assigned right after the actor, before the actor starts, and no socket runs before that.
  let fastPath!: ChunkFastPath;
  // Tabs: the socket actor connects through the coordinator, which picks the real socket while this
  // tab leads and a link to the leader tab otherwise (see tabs/createTabCoordinator.ts).
  const tabPlatform = options.tabs === 'independent' ? null : (options.tabPlatform ?? resolveTabPlatform());
  const reconnectNow = (): void => {
    const snapshot = actorRef?.getSnapshot();
    if (snapshot?.hasTag('disconnected') || snapshot?.hasTag('failed')) actorRef?.send({ type: 'RETRY' });
  };
  const tabs: TabCoordinator | null =
    tabPlatform === null
      ? null
      : createTabCoordinator({
          namespace: options.namespace,
          tabId: generateId(),
          platform: tabPlatform,
          clock,
          transport,
          activeStreams: () => Object.values(actorRef?.getSnapshot().context.activeStreams ?? {}),
          onLeader: reconnectNow,
          onLeaderReady: reconnectNow,
          onSharedSend: (shared) => actorRef?.send({ type: 'SEND', ...shared }),
        });
  const machine = chatMachine.provide({
    actors: {
      socket: createSocketActor({
        transport: tabs?.transport ?? transport,
        clock,
        fastPath: {
          deliver: (batch, toMachine) => fastPath.deliver(batch, toMachine),
          commit: () => fastPath.commit(),
          detach: () => fastPath.detach(),
          markProbe: () => fastPath.markProbe(),
        },
        ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
        ...(options.frameBatchMs === undefined ? {} : { frameBatchMs: options.frameBatchMs }),
      }),
    },
    actions: { stampNextRetryAt: assign({ nextRetryAt: ({ context }) => clock.now() + context.retryDelayMs }) },
  });
  const actor = createActor(machine, {
    clock,
    ...(options.inspect ? { inspect: options.inspect } : {}),
    input: { ...baseInput, ...(restored ?? {}), errors: startupErrors },
  });
  actorRef = actor;
  fastPath = createChunkFastPath({ actor, clock });

  const disconnectBrowser = connectBrowserSignals(actor, clock, () => {
    fastPath.commit();
    persister?.flush();
    // Written out first; then the next tab may lead before this page is torn down.
    tabs?.stepDown();
  });

  // The persistence driver reads the store adapters render, buffered text included; on a failed
  // actor it writes out the last good state (the failure itself reaches the app through `subscribe`
  // and `getSnapshot().status`; the fast path tells its subscribers of it too).
  const persistence =
    persister === null
      ? null
      : connectPersistence(
          {
            getSnapshot: fastPath.getSnapshot,
            subscribe(listener) {
              const unsubscribe = fastPath.subscribe(listener);
              const subscription = actor.subscribe({
                error(error: unknown) {
                  if (isDevelopment) console.error(error);
                },
              });
              return () => {
                unsubscribe();
                subscription.unsubscribe();
              };
            },
          },
          tabs === null ? persister : leaderOnlyPersister(persister, () => tabs.role === 'leader'),
          { namespace: options.namespace, clock },
        );

  actor.start();
  if (options.autoConnect ?? true) actor.send({ type: 'START' });

  const openConversationId = (): string | null => actor.getSnapshot().context.openConversationId;

  function approveToolCall(decision: ToolCallDecision): void {
    const conversationId = decision.conversationId ?? openConversationId();
    if (conversationId === null) {
      throw new RejoinError('usage/invalid', 'approveToolCall needs a conversationId, or an open conversation.');
    }
    assertConversationId(conversationId);
    if (!isId(decision.messageId) || !isId(decision.toolCallId)) {
      throw new RejoinError('usage/invalid', 'approveToolCall needs the messageId and toolCallId of a tool part (ids as the server sent them).');
    }
    assertSessionSpeaksV2(actor.getSnapshot().context.sessionVersion, 'Approving a tool call');
    const { messageId, toolCallId, approved, reason } = decision;
    actor.send({
      type: 'APPROVE',
      approval: { conversationId, messageId, toolCallId, approved, ...(reason === undefined ? {} : { reason }) },
    });
  }

  return {
    actor,
    // Also told when the actor fails (see createChunkFastPath), or an adapter that heard nothing
    // would keep rendering the last good snapshot.
    subscribe: fastPath.subscribe,
    getSnapshot: fastPath.getSnapshot,
    getServerSnapshot: () => serverSnapshot,
    connect: () => actor.send({ type: 'START' }),
    open(conversationId) {
      assertConversationId(conversationId);
      actor.send({ type: 'OPEN', conversationId });
    },
    newConversation() {
      const conversationId = generateId();
      actor.send({ type: 'OPEN', conversationId, created: true });
      return conversationId;
    },
    send(text, sendOptions) {
      if (typeof text !== 'string' || text.trim() === '') {
        throw new RejoinError('usage/invalid', 'send(text) needs a non-empty string.');
      }
      if (sendOptions?.conversationId !== undefined) assertConversationId(sendOptions.conversationId);
      let conversationId = sendOptions?.conversationId ?? openConversationId();
      if (conversationId === null) {
        conversationId = generateId();
        actor.send({ type: 'OPEN', conversationId });
      }
      const files = sendOptions?.files;
      if (files !== undefined && files.length > 0) assertSessionSpeaksV2(actor.getSnapshot().context.sessionVersion, 'Sending files');
      const messageId = generateId();
      const at = clock.now();
      actor.send({ type: 'SEND', conversationId, messageId, text, at, ...(files === undefined ? {} : { files }) });
      // The outbox is shared: every tab queues it, so whichever tab leads when the connection
      // returns delivers it (the server keeps one per message id).
      tabs?.shareSend({ conversationId, messageId, text, at });
      return messageId;
    },
    approveToolCall,
    approveTool(call, reason) {
      approveToolCall({ ...call, approved: true, ...(reason === undefined ? {} : { reason }) });
    },
    denyTool(call, reason) {
      approveToolCall({ ...call, approved: false, ...(reason === undefined ? {} : { reason }) });
    },
    stop(conversationId) {
      const target = conversationId ?? openConversationId();
      if (target !== null) actor.send({ type: 'STOP', conversationId: target });
    },
    retry: () => actor.send({ type: 'RETRY' }),
    dispose() {
      // What is buffered reaches the machine, then storage (the driver flushes as it disconnects).
      fastPath.dispose();
      persistence?.disconnect();
      disconnectBrowser();
      tabs?.dispose();
      // `disposed` stops the socket actor, which closes the socket; stopping the actor cancels its timers.
      actor.send({ type: 'DISPOSE' });
      actor.stop();
    },
    clearPersistedData: () => persister?.clear(),
    get persistenceStats() {
      return persister?.stats ?? EMPTY_PERSISTER_STATS;
    },
    devtools: tap.devtools,
  };
}
