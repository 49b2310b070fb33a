// Types for redisForTests.mjs, so the server's Redis Cluster tests can start a private cluster with it.
export interface RedisForTests {
  readonly url: string;
  stop(): void;
}
export interface RedisClusterForTests {
  /** The masters' URLs, comma-separated (REDIS_CLUSTER_URLS). */
  readonly urls: string;
  stop(): void;
}
export function startRedisForTests(preferredPort?: number): Promise<RedisForTests>;
export function startRedisClusterForTests(preferredPort?: number): Promise<RedisClusterForTests>;
