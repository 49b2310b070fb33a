import {
  createChatClient,
  createMemoryStorage,
  type ChatClient,
  type KeyValueStorage,
  type ServerFrame,
} from '@rejoin/core';
import { createFakeTransport, FakeClock, type FakeConnection } from '@rejoin/core/testing';
import { check } from '../harness/fail.ts';
import { historyMessages } from '../harness/historyMessages.ts';
import { ASSISTANT_MESSAGE_ID, CONVERSATION_ID, USER_MESSAGE_ID } from './streamFixture.ts';

export interface ConnectedClient {
  readonly client: ChatClient;
  readonly clock: FakeClock;
  readonly connection: FakeConnection;
  /** Snapshots seen by a subscriber, as a UI binding would see them. */
  readonly notifications: () => number;
  readonly text: () => string;
  dispose(): void;
}

/**
 * The full client (machine, socket actor with its frame batcher, merge, throttled persistence to
 * a memory storage) on the fake transport, taken through a real handshake: `welcome`, the history
 * of the open conversation, then `message_start` of the reply the chunks belong to.
 */
export interface ConnectedClientOptions {
  /** Settled messages before the streaming reply. @default 1 (the user message it answers) */
  readonly history?: number;
  /** Passed to `createChatClient`. @default the client's default (0: next macrotask) */
  readonly frameBatchMs?: number;
  /** Null persists nothing. @default a fresh memory storage */
  readonly storage?: KeyValueStorage | null;
  /** Passed to `createChatClient`. @default the client's default (500) */
  readonly persistThrottleMs?: number;
}

export function connectedClient(options: ConnectedClientOptions = {}): ConnectedClient {
  const clock = new FakeClock();
  const fake = createFakeTransport();
  let ids = 0;
  const client = createChatClient({
    transport: fake.transport,
    clock,
    storage: options.storage === undefined ? createMemoryStorage() : options.storage,
    namespace: 'bench',
    generateId: () => `id${++ids}`,
    // Scenarios model tasks explicitly (clock.flush() ends one), so batching is per task unless asked.
    frameBatchMs: options.frameBatchMs ?? 0,
    ...(options.persistThrottleMs === undefined ? {} : { persistThrottleMs: options.persistThrottleMs }),
  });
  let notifications = 0;
  const unsubscribe = client.subscribe(() => {
    notifications += 1;
  });
  client.open(CONVERSATION_ID);
  const connection = fake.current;
  check(connection !== undefined, 'the client did not open a connection');
  connection.accept();
  const deliver = (frame: ServerFrame): void => connection.deliver(frame);
  deliver({
    type: 'welcome',
    v: 1,
    sessionId: 's1',
    activeStreams: [],
    lostStreams: [],
    limits: { maxFrameBytes: 1_048_576, maxMessageChars: 20_000 },
    heartbeatMs: 15_000,
  });
  const history = historyMessages(options.history ?? 1, USER_MESSAGE_ID);
  deliver({ type: 'conversation', conversationId: CONVERSATION_ID, status: 'idle', messages: history, activeStream: null });
  deliver({
    type: 'message_start',
    conversationId: CONVERSATION_ID,
    messageId: ASSISTANT_MESSAGE_ID,
    replyTo: USER_MESSAGE_ID,
    index: history.length,
    createdAt: clock.now(),
  });
  clock.flush();
  check(client.getSnapshot().matches({ connected: { ready: 'streaming' } }), 'the handshake did not reach connected.ready.streaming');

  const text = (): string =>
    client.getSnapshot().context.conversations[CONVERSATION_ID]?.messages.find((message) => message.id === ASSISTANT_MESSAGE_ID)?.text ?? '';
  return {
    client,
    clock,
    connection,
    notifications: () => notifications,
    text,
    dispose() {
      unsubscribe();
      client.dispose();
    },
  };
}
