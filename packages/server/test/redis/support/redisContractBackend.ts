import type { RedisConnection } from '../../../src/stores/redis/RedisConnection.ts';
import type { StoreContractBackend } from '../../../src/testing/storeContract/StoreContractBackend.ts';
import { connectForTest, deleteKeysOn, type RedisTarget, SINGLE_REDIS, uniquePrefix } from './redisForTests.ts';

/**
 * Backends for the store contracts on the shared Redis (or Redis Cluster): each test gets its own key prefix, and
 * each store opened on it its own connection, so two of them behave like two server instances.
 */
export function redisContractBackend<Store, Settings>(
  storeOn: (connection: RedisConnection, settings: Settings) => Store,
  target: RedisTarget = SINGLE_REDIS,
): () => Promise<StoreContractBackend<Store, Settings>> {
  return async () => {
    const prefix = uniquePrefix();
    const connections: RedisConnection[] = [];
    return {
      open: async (settings) => {
        const connection = await connectForTest({ keyPrefix: prefix }, target);
        connections.push(connection);
        return storeOn(connection, settings);
      },
      cleanup: async () => {
        for (const connection of connections) await connection.close();
        await deleteKeysOn(target, prefix);
      },
    };
  };
}
