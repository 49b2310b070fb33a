import WebSocket from 'ws';
import {
  createChatClient,
  createMemoryStorage,
  selectIsPending,
  selectIsProcessing,
  type ChatClient,
  type ChatConfig,
  type HistoryMessage,
  type MessagePart,
  type KeyValueStorage,
} from '@rejoin/core';
import {
  createRejoinServer,
  createSimulatedModel,
  userIdForToken,
  type RejoinServer,
} from '../../../src/index.ts';
import { pieceOf } from '../../../src/stores/StreamStore.ts';
import { foldParts } from '../../../src/streams/foldParts.ts';
import { createChaosDelivery } from '../../../src/testing/chaos/createChaosDelivery.ts';
import { TestClient } from '../../../src/testing/TestClient.ts';
import { createSeededRandom } from '../../../src/testing/chaos/seededRandom.ts';
import { startFaultProxy, type FaultCounts, type FaultProxy } from './faultProxy.ts';

/** Client tuning for chaos: every timeout short, so a session heals in well under a second. */
export const CHAOS_CLIENT_CONFIG: Partial<ChatConfig> = {
  connectTimeoutMs: 1_000,
  handshakeTimeoutMs: 1_500,
  loadTimeoutMs: 2_000,
  heartbeatIntervalMs: 200,
  heartbeatTimeoutMs: 300,
  backoffBaseMs: 20,
  backoffMaxMs: 200,
  maxAttempts: Number.POSITIVE_INFINITY,
};

/** What one session did, for the closing report. */
export interface SessionReport {
  readonly seed: number;
  readonly actions: number;
  readonly typed: number;
  readonly refreshes: number;
  readonly switches: number;
  readonly stops: number;
  /** Tool approval decisions sent (each one twice, as a retry after a reconnect would). */
  readonly approvals: number;
  readonly faults: FaultCounts & { readonly duplicatedChunks: number; readonly reorderedChunks: number };
  /** Typed messages missing from the server, or whose text differs there. */
  readonly lostMessages: number;
  /** Typed messages stored more than once, or ids shown twice by the client. */
  readonly doubledMessages: number;
  /** Messages the client shows with a text or status other than the server's. */
  readonly divergentMessages: number;
  /** Part events whose history parts differ from the stream's, and decisions applied more than once. */
  readonly lostParts: number;
  readonly doubledParts: number;
  readonly durationMs: number;
}

interface Typed {
  readonly conversationId: string;
  readonly messageId: string;
  readonly text: string;
}

const WORDS = ['resume', 'socket', 'token', 'replay', 'cursor', 'stream', 'offline', 'refresh', 'queue', 'ack', 'seq', 'gap'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A session failed: the message carries the seed and the action log, so it can be replayed. */
export class ChaosSessionError extends Error {}

/**
 * One randomized chaos session, fully determined by `seed` (the order and kind of every action and
 * fault; wall-clock timing on a loaded machine still varies). A fresh server with the chaos
 * delivery mode sits behind a fault-injecting proxy; one user's client (restarted from the same
 * storage on "refresh") sends, switches, stops and refreshes while the proxy cuts, delays, freezes
 * and refuses. Then the network heals, everything settles, and every guarantee is checked.
 */
export async function runChaosSession(seed: number): Promise<SessionReport> {
  const startedAt = Date.now();
  const random = createSeededRandom(seed);
  const log: string[] = [];
  const delivery = createChaosDelivery({ seed: random.fork().seed });
  const tokensPerSecond = random.int(300, 1000);
  const server: RejoinServer = createRejoinServer({
    host: '127.0.0.1',
    port: 0,
    respond: createSimulatedModel({ tokensPerSecond }),
    heartbeat: { intervalMs: 500, idleTimeoutMs: 2_000 },
    shutdown: { generations: 'abort', timeoutMs: 200 },
    interceptDelivery: delivery.intercept,
  });
  const { port, url: serverUrl } = await server.listen();
  const proxy: FaultProxy = await startFaultProxy(port, random.fork());
  const storage: KeyValueStorage = createMemoryStorage();
  const token = `chaos-${seed.toString(36)}-${'x'.repeat(16)}`;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const wire: string[] = [];
  const newClient = (): ChatClient =>
    createChatClient({
      url: proxy.url,
      WebSocket: (process.env['CHAOS_TRACE'] ? tracingWebSocket(wire) : WebSocket) as never,
      namespace: 'chaos-user',
      token,
      storage,
      config: CHAOS_CLIENT_CONFIG,
    });

  let client = newClient();
  const typed: Typed[] = [];
  const conversations: string[] = [];
  let refreshes = 0;
  let switches = 0;
  let stops = 0;
  /** Typed messages a stop cancelled before they left the browser. */
  const cancelled = new Set<string>();
  const actionCount = random.int(6, 16);
  log.push(`tokensPerSecond=${tokensPerSecond}`);
  const userId = userIdForToken(token);
  // Another device of the user decides on tool calls, straight to the server (its own socket is
  // not under chaos); the research replies pause until it does.
  const approver = await TestClient.join(serverUrl, { v: 2, token, clientId: 'chaos-approver' }).then((joined) => joined.client);
  let approvals = 0;
  const decide = random.fork();
  const approvePending = async (): Promise<void> => {
    for (const { conversationId } of await server.stores.conversations.listByOwner(userId)) {
      for (const message of await server.stores.conversations.history(conversationId)) {
        if (message.role !== 'assistant' || message.status !== 'streaming') continue;
        for (const part of message.parts ?? []) {
          if (part.type !== 'tool-call' || part.state !== 'approval-requested') continue;
          const frame = { type: 'approve', conversationId, messageId: message.id, toolCallId: part.toolCallId, approved: decide.next() < 0.6 } as const;
          approver.send(frame);
          approver.send(frame);
          approvals += 1;
          log.push(`approve ${message.id} ${frame.approved}`);
        }
      }
    }
  };

  try {
    for (let step = 0; step < actionCount; step += 1) {
      const roll = random.next();
      if (roll < 0.3) {
        const word = WORDS[random.int(0, WORDS.length - 1)];
        // A third of the messages ask for research: parts, tool calls and an approval pause.
        const text = random.next() < 0.33 ? `research ${word} ${step} of ${seed}` : `${word} ${step} of ${seed}`;
        const messageId = client.send(text);
        const conversationId = client.getSnapshot().context.openConversationId!;
        if (!conversations.includes(conversationId)) conversations.push(conversationId);
        typed.push({ conversationId, messageId, text });
        log.push(`send ${messageId}@${conversationId}`);
      } else if (roll < 0.38) {
        const conversationId = client.newConversation();
        const text = `new ${step} of ${seed}`;
        const messageId = client.send(text);
        conversations.push(conversationId);
        typed.push({ conversationId, messageId, text });
        log.push(`new+send ${messageId}@${conversationId}`);
      } else if (roll < 0.46 && conversations.length > 0) {
        const conversationId = random.pick(conversations);
        client.open(conversationId);
        switches += 1;
        log.push(`switch ${conversationId}`);
      } else if (roll < 0.53) {
        // A stop before a message left the browser cancels its send (issue 14): those messages
        // must never reach the server. One already written to a socket cannot be recalled.
        const snapshot = client.getSnapshot();
        const open = snapshot.context.openConversationId;
        if (open !== null && selectIsPending(snapshot, open)) {
          for (const entry of snapshot.context.outbox) {
            if (entry.conversationId === open && entry.sent !== true) cancelled.add(entry.messageId);
          }
        }
        client.stop();
        stops += 1;
        log.push('stop');
      } else if (roll < 0.61) {
        client.dispose();
        client = newClient();
        refreshes += 1;
        log.push('refresh');
      } else if (roll < 0.68) {
        proxy.cutAll();
        log.push('cut');
      } else if (roll < 0.76) {
        proxy.cutMidFrame();
        log.push('cut mid-frame');
      } else if (roll < 0.81) {
        proxy.freeze();
        log.push('freeze');
      } else if (roll < 0.87) {
        const ms = random.int(20, 120);
        const forMs = random.int(150, 600);
        proxy.setLatency(ms);
        later(forMs, () => proxy.setLatency(0));
        log.push(`delay ${ms}ms for ${forMs}ms`);
      } else if (roll < 0.91) {
        const forMs = random.int(80, 400);
        proxy.setRefusing(true);
        later(forMs, () => proxy.setRefusing(false));
        log.push(`refuse for ${forMs}ms`);
      } else if (roll < 0.95) {
        await approvePending();
      } else {
        log.push('wait');
        await sleep(random.int(50, 250));
      }
      await sleep(random.int(0, 120));
    }

    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    proxy.heal();
    log.push('heal');

    const settled = await waitUntilSettled(client, server, userId, 15_000, approvePending);
    if (settled !== null) {
      fail(seed, log, [`did not settle within 15 s: ${settled}`, ...(await describeState(client, server, userId)), ...wire]);
    }

    const violations: string[] = [];
    let lostMessages = 0;
    let doubledMessages = 0;
    let divergentMessages = 0;
    const serverIds = await server.stores.conversations.listByOwner(userId);
    const history = new Map<string, readonly HistoryMessage[]>();
    for (const { conversationId } of serverIds) {
      history.set(conversationId, await server.stores.conversations.history(conversationId));
    }

    // 1. Exactly once on the server: every typed message stored once, with its text; nothing else.
    for (const entry of typed) {
      const stored = (history.get(entry.conversationId) ?? []).filter((message) => message.id === entry.messageId);
      if (cancelled.has(entry.messageId)) {
        if (stored.length > 0) violations.push(`typed message ${entry.messageId} reached the server although a stop cancelled its send`);
        continue;
      }
      if (stored.length === 0) {
        lostMessages += 1;
        violations.push(`typed message ${entry.messageId} is missing on the server`);
      } else if (stored.length > 1) {
        doubledMessages += 1;
        violations.push(`typed message ${entry.messageId} is stored ${stored.length} times`);
      } else if (stored[0]!.text !== entry.text) {
        lostMessages += 1;
        violations.push(`typed message ${entry.messageId} is stored with another text`);
      }
    }
    const typedIds = new Set(typed.map((entry) => entry.messageId));
    for (const [conversationId, messages] of history) {
      const users = messages.filter((message) => message.role === 'user');
      for (const message of users) {
        if (!typedIds.has(message.id)) violations.push(`server holds user message ${message.id} nobody typed`);
      }
      const replies = messages.length - users.length;
      if (replies !== users.length) {
        violations.push(`${conversationId}: ${users.length} user messages but ${replies} replies on the server`);
      }
    }

    // 2. What the client shows now, before looking again, already agrees with the server.
    const snapshot = client.getSnapshot();
    for (const conversation of Object.values(snapshot.context.conversations)) {
      const ids = conversation.messages.map((message) => message.id);
      if (new Set(ids).size !== ids.length) {
        doubledMessages += 1;
        violations.push(`${conversation.conversationId}: the client shows an id twice: ${ids.join(',')}`);
      }
      const serverMessages = new Map((history.get(conversation.conversationId) ?? []).map((message) => [message.id, message]));
      for (const message of conversation.messages) {
        const stored = serverMessages.get(message.id);
        if (stored === undefined) {
          divergentMessages += 1;
          violations.push(`${conversation.conversationId}: the client shows ${message.id} (${message.status}) that the server does not hold`);
        } else if (stored.text !== message.text || stored.status !== message.status) {
          divergentMessages += 1;
          violations.push(
            `${conversation.conversationId}: ${message.id} is ${message.status} ${JSON.stringify(message.text.slice(-40))} on the client, ` +
              `${stored.status} ${JSON.stringify(stored.text.slice(-40))} on the server`,
          );
        } else if (partsOf(stored) !== partsOf(message)) {
          // Parts too: a refreshed client holding the full text but missing parts is caught here,
          // before opening the conversation again would replace them with the server's.
          divergentMessages += 1;
          violations.push(`${conversation.conversationId}: ${message.id} has the parts\n    ${partsOf(message)}\n  on the client,\n    ${partsOf(stored)}\n  on the server`);
        }
      }
      if (selectIsProcessing(snapshot, conversation.conversationId)) {
        violations.push(`${conversation.conversationId}: the client is stuck processing`);
      }
    }
    if (!snapshot.matches({ connected: { ready: 'idle' } })) {
      violations.push(`the client is in ${JSON.stringify(snapshot.value)}, not connected.ready.idle`);
    }

    // 3. Opening each conversation shows exactly the server's: same ids, order, texts, statuses, parts.
    for (const conversationId of new Set([...conversations, ...history.keys()])) {
      client.open(conversationId);
      await waitFor(
        () => client.getSnapshot().context.pendingLoad === null && client.getSnapshot().matches({ connected: 'ready' }),
        5_000,
      );
      const shown = (client.getSnapshot().context.conversations[conversationId]?.messages ?? []).map(
        (message) => `${message.id}:${message.role}:${message.status}:${message.text}:${partsOf(message)}`,
      );
      const stored = (history.get(conversationId) ?? []).map(
        (message) => `${message.id}:${message.role}:${message.status}:${message.text}:${partsOf(message)}`,
      );
      if (JSON.stringify(shown) !== JSON.stringify(stored)) {
        divergentMessages += 1;
        violations.push(`${conversationId} opened shows\n    ${shown.join('\n    ')}\n  the server holds\n    ${stored.join('\n    ')}`);
      }
    }

    // 4. Parts: each reply's history parts are its stream's part events folded, none lost or
    // doubled, and every tool call was decided at most once whatever the retries.
    let lostParts = 0;
    let doubledParts = 0;
    for (const [conversationId, messages] of history) {
      for (const message of messages) {
        if (message.role !== 'assistant') continue;
        const chunks = (await server.stores.streams.read(message.id, 0)) ?? [];
        if (!chunks.some((chunk) => chunk.part !== undefined)) continue;
        const folded = foldParts(chunks.map(pieceOf));
        if (JSON.stringify(folded) !== JSON.stringify(message.parts ?? [])) {
          lostParts += 1;
          violations.push(`${conversationId}: ${message.id}'s history parts differ from its stream's part events`);
        }
        const decisions = new Map<string, number>();
        for (const chunk of chunks) {
          if (chunk.part?.kind === 'tool-approval-response') decisions.set(chunk.part.toolCallId, (decisions.get(chunk.part.toolCallId) ?? 0) + 1);
        }
        for (const [toolCallId, count] of decisions) {
          if (count > 1) {
            doubledParts += 1;
            violations.push(`${conversationId}: ${message.id}'s call ${toolCallId} was decided ${count} times`);
          }
        }
      }
    }

    if (violations.length > 0) fail(seed, log, [...violations, ...(await describeState(client, server, userId)), ...wire]);
    const { duplicated, reordered } = delivery.stats;
    return {
      seed,
      actions: actionCount,
      typed: typed.length,
      refreshes,
      switches,
      stops,
      approvals,
      faults: { ...proxy.faults, duplicatedChunks: duplicated, reorderedChunks: reordered },
      lostMessages,
      doubledMessages,
      divergentMessages,
      lostParts,
      doubledParts,
      durationMs: Date.now() - startedAt,
    };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    client.dispose();
    await approver.close();
    await proxy.close();
    await server.close();
  }
}

function fail(seed: number, log: readonly string[], violations: readonly string[]): never {
  throw new ChaosSessionError(
    `[chaos] session with seed ${seed} failed. Replay it with CHAOS_SEED=${seed} npm run test:chaos\n` +
      `  ${violations.join('\n  ')}\n  actions: ${log.join(' | ')}`,
  );
}

/** Null once the client and the server are both at rest; else what is still moving. */
async function waitUntilSettled(
  client: ChatClient,
  server: RejoinServer,
  userId: string,
  timeoutMs: number,
  /** Decides the tool calls awaiting approval, which would otherwise never settle. */
  approvePending: () => Promise<void>,
): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  let reason = 'not checked';
  while (Date.now() < deadline) {
    await approvePending();
    reason = await unsettled(client, server, userId);
    if (reason === '') {
      // Still at rest a moment later: no reply was about to start.
      await sleep(60);
      reason = await unsettled(client, server, userId);
      if (reason === '') return null;
    }
    await sleep(25);
  }
  return reason;
}

async function unsettled(client: ChatClient, server: RejoinServer, userId: string): Promise<string> {
  const snapshot = client.getSnapshot();
  const { context } = snapshot;
  if (!snapshot.matches({ connected: 'ready' })) return `client in ${JSON.stringify(snapshot.value)}`;
  if (context.outbox.length > 0) return `outbox holds ${context.outbox.length}`;
  if (context.pendingLoad !== null) return `load of ${context.pendingLoad} pending`;
  for (const conversation of Object.values(context.conversations)) {
    if (conversation.stream !== null) return `client follows a stream in ${conversation.conversationId}`;
    const moving = conversation.messages.find((message) => message.status === 'streaming' || message.status === 'pending');
    if (moving) return `client shows ${moving.id} ${moving.status} in ${conversation.conversationId}`;
  }
  if (server.activeGenerations().length > 0) return 'server still generating';
  for (const { conversationId } of await server.stores.conversations.listByOwner(userId)) {
    const messages = await server.stores.conversations.history(conversationId);
    const last = messages.at(-1);
    if (last?.role === 'user') return `server has not answered the last message of ${conversationId}`;
  }
  return '';
}

/** With CHAOS_TRACE set: a WebSocket that logs every frame in and out, for a failure message. */
function tracingWebSocket(wire: string[]) {
  let connection = 0;
  return class TracingWebSocket extends WebSocket {
    private readonly id = ++connection;
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (event) => wire.push(`#${this.id} <- ${String(event.data).slice(0, String(event.data).includes(`"chunk"`) ? 160 : 1500)}`));
      this.addEventListener('close', (event) => wire.push(`#${this.id} closed ${event.code}`));
    }
    override send(data: string): void {
      wire.push(`#${this.id} -> ${data.slice(0, 160)}`);
      super.send(data);
    }
  };
}

/** Both sides' view of every conversation, for a failure message. */
async function describeState(client: ChatClient, server: RejoinServer, userId: string): Promise<string[]> {
  const lines: string[] = [];
  const { context } = client.getSnapshot();
  for (const conversation of Object.values(context.conversations)) {
    lines.push(
      `client ${conversation.conversationId} status=${conversation.status} loaded=${conversation.loaded} stream=${JSON.stringify(conversation.stream)}: ` +
        conversation.messages.map((m) => `${m.id}/${m.role}/${m.status}/seq${m.seq ?? '-'}/len${m.text.length}`).join(', '),
    );
  }
  lines.push(`client outbox=${context.outbox.map((e) => e.messageId).join(',')} activeStreams=${JSON.stringify(context.activeStreams)}`);
  lines.push(`client errors: ${context.errors.map((e) => e.code + ' ' + e.message.slice(0, 120)).join(' || ')}`);
  for (const { conversationId } of await server.stores.conversations.listByOwner(userId)) {
    const messages = await server.stores.conversations.history(conversationId);
    lines.push(`server ${conversationId}: ` + messages.map((m) => `${m.id}/${m.role}/${m.status}/seq${m.seq ?? '-'}/len${m.text.length}`).join(', '));
  }
  return lines;
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate() && Date.now() < deadline) await sleep(10);
}

/**
 * A message's parts as JSON, comparable between client and server: a text-only message may carry
 * no parts (the server's history, a v1 message) or one text part (the client's), which say the
 * same; keys are sorted, since the client and the server build a part's fields in another order.
 */
function partsOf(message: { readonly text: string; readonly parts?: readonly MessagePart[] }): string {
  const parts = message.parts ?? [];
  return sortedJson(parts.length === 0 ? (message.text === '' ? [] : [{ type: 'text', text: message.text }]) : parts);
}

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
