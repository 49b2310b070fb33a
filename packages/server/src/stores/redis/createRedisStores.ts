import { createLogger } from '../../logging/createLogger.ts';
import type { RejoinStores } from '../../server/RejoinServerOptions.ts';
import { RedisConnection, type RedisConnectionOptions } from './RedisConnection.ts';
import { RedisConversationStore } from './RedisConversationStore.ts';
import { RedisStreamStore, type RedisStreamStoreOptions } from './RedisStreamStore.ts';

export interface RedisStoresOptions extends RedisConnectionOptions, Omit<RedisStreamStoreOptions, 'logger'> {}

/** Both Redis stores on one connection, and how to close them. */
export interface RedisStores extends RejoinStores {
  readonly conversations: RedisConversationStore;
  readonly streams: RedisStreamStore;
  readonly connection: RedisConnection;
  /** Closes both stores and the connection. Call it after the server's `close()`. */
  close(): Promise<void>;
}

/**
 * Connects to Redis and creates the stores that let several server instances share
 * conversations, streams and generations: pass them as `stores` to each instance's
 * `createRejoinServer`, and close them after the server. One call per server instance (the
 * connection identifies the instance in worker leases).
 *
 * ```ts
 * const stores = await createRedisStores({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
 * const server = createRejoinServer({ stores });
 * ```
 */
export async function createRedisStores(options: RedisStoresOptions): Promise<RedisStores> {
  const logger = options.logger ?? createLogger();
  const connection = await RedisConnection.connect({ ...options, logger });
  const conversations = new RedisConversationStore(connection, options.now === undefined ? {} : { now: options.now });
  const streams = new RedisStreamStore(connection, { ...options, logger });
  let closing: Promise<void> | null = null;
  return {
    conversations,
    streams,
    connection,
    close: () =>
      (closing ??= (async () => {
        await Promise.all([conversations.close(), streams.close()]);
        await connection.close();
      })()),
  };
}
