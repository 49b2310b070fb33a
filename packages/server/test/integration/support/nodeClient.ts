import WebSocket from 'ws';
import {
  createChatClient,
  createMemoryStorage,
  type ChatClient,
  type ChatConfig,
  type ChatMessage,
  type ClientFrame,
  type KeyValueStorage,
  type ServerFrame,
} from '@rejoin/core';

export const TOKEN_A = 'integration-token-user-a-0001';
export const TOKEN_B = 'integration-token-user-b-0002';

/** Every frame a client received, decoded, for asserting on what crossed the wire. */
export interface WireLog {
  readonly received: ServerFrame[];
  readonly sent: ClientFrame[];
}

/** A `ws` WebSocket that records traffic into a log. */
function recordingWebSocket(log: WireLog) {
  return class RecordingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string') log.received.push(JSON.parse(event.data) as ServerFrame);
      });
    }
    override send(data: string): void {
      log.sent.push(JSON.parse(data) as ClientFrame);
      super.send(data);
    }
  };
}

/** The real core client in Node over real WebSockets (`ws`), as an app would create it. */
export function createNodeClient(options: {
  url: string;
  storage?: KeyValueStorage;
  token?: string;
  namespace?: string;
  config?: Partial<ChatConfig>;
}): { client: ChatClient; log: WireLog; storage: KeyValueStorage } {
  const log: WireLog = { received: [], sent: [] };
  const storage = options.storage ?? createMemoryStorage();
  const client = createChatClient({
    url: options.url,
    WebSocket: recordingWebSocket(log) as never,
    namespace: options.namespace ?? 'user-a',
    token: options.token ?? TOKEN_A,
    storage,
    config: { backoffBaseMs: 50, backoffMaxMs: 300, maxAttempts: 200, ...options.config },
  });
  return { client, log, storage };
}

/** Resolves when `predicate` holds for the client's snapshot; rejects with `what` after the timeout. */
export function waitFor(client: ChatClient, predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for: ${what} (state ${JSON.stringify(client.getSnapshot().value)})`));
    }, timeoutMs);
    const unsubscribe = client.subscribe(() => {
      if (!predicate()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

export function messagesOf(client: ChatClient, conversationId: string): readonly ChatMessage[] {
  return client.getSnapshot().context.conversations[conversationId]?.messages ?? [];
}

export function assistantOf(client: ChatClient, conversationId: string): ChatMessage | undefined {
  return messagesOf(client, conversationId).find((message) => message.role === 'assistant');
}

export function expectUniqueIds(client: ChatClient): void {
  for (const conversation of Object.values(client.getSnapshot().context.conversations)) {
    const ids = conversation.messages.map((message) => message.id);
    if (new Set(ids).size !== ids.length) throw new Error(`duplicate message ids in ${conversation.conversationId}: ${ids.join(',')}`);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
