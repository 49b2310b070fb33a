import {
  createRejoinServer,
  createSimulatedModel,
  MemoryConversationStore,
  MemoryStreamStore,
  type RejoinServer,
  type RejoinStores,
} from '../../../src/index.ts';

/** Stores that outlive a server instance, to restart "the same server" on them. */
export function createMemoryStores(): RejoinStores {
  return { conversations: new MemoryConversationStore(), streams: new MemoryStreamStore() };
}

/** A reference server on 127.0.0.1 with a fast simulated model; `port` lets a restart keep the URL. */
export async function startReferenceServer(options: { port?: number; stores?: RejoinStores; tokensPerSecond?: number } = {}) {
  const server: RejoinServer = createRejoinServer({
    host: '127.0.0.1',
    port: options.port ?? 0,
    respond: createSimulatedModel({ tokensPerSecond: options.tokensPerSecond ?? 60 }),
    shutdown: { generations: 'abort', timeoutMs: 500 },
    ...(options.stores ? { stores: options.stores } : {}),
  });
  const { url, port } = await server.listen();
  return { server, url, port, stores: server.stores };
}

/** The server's canonical history of a conversation. */
export async function canonicalHistory(stores: RejoinStores, conversationId: string) {
  return stores.conversations.history(conversationId);
}
