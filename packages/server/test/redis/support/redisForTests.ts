import { randomUUID } from 'node:crypto';
import { createCluster } from 'redis';
import { RedisConnection, type RedisConnectionOptions } from '../../../src/stores/redis/RedisConnection.ts';
import { createLogger } from '../../../src/logging/createLogger.ts';

/** A Redis deployment the shared suites run on: the single redis-server, or the Redis Cluster. */
export interface RedisTarget {
  readonly name: string;
  /** The connection options that reach it; throws, failing the test, when it is not configured. */
  readonly connectOptions: () => Pick<RedisConnectionOptions, 'url' | 'clusterUrls'>;
}

export const SINGLE_REDIS: RedisTarget = { name: 'Redis', connectOptions: () => ({ url: redisUrl() }) };
export const REDIS_CLUSTER: RedisTarget = { name: 'Redis Cluster', connectOptions: () => ({ clusterUrls: redisClusterUrls() }) };
/** Both, for `describe.each`: every suite that runs on Redis runs on a cluster too. */
export const REDIS_TARGETS: readonly RedisTarget[] = [SINGLE_REDIS, REDIS_CLUSTER];

/**
 * The shared Redis Cluster's masters. Like REDIS_URL, never optional: without REDIS_CLUSTER_URLS
 * every cluster test fails with what to do.
 */
export function redisClusterUrls(): string[] {
  const urls = (process.env['REDIS_CLUSTER_URLS'] ?? '').split(',').map((url) => url.trim()).filter((url) => url !== '');
  if (urls.length === 0) {
    throw new Error(
      '[rejoin] The Redis Cluster tests need a running cluster: set REDIS_CLUSTER_URLS to its masters ' +
        '(e.g. redis://127.0.0.1:7001,redis://127.0.0.1:7002,redis://127.0.0.1:7003) or run npm test, which starts one.',
    );
  }
  return urls;
}

/**
 * The shared redis-server these tests run against. They never pass without one: a missing
 * REDIS_URL fails every test with what to do.
 */
export function redisUrl(): string {
  const url = process.env['REDIS_URL']?.trim();
  if (url === undefined || url === '') {
    throw new Error(
      '[rejoin] The Redis tests need a running redis-server: set REDIS_URL (e.g. redis://127.0.0.1:6390) ' +
        'or run npm test, which starts redis-server.',
    );
  }
  return url;
}

/** A key prefix no other test (or test run) uses, so suites run in parallel on one Redis. */
export function uniquePrefix(): string {
  return `rejoin-test:${randomUUID()}:`;
}

/** A connection to the shared Redis (or `target`) under `keyPrefix`, with a silent logger. */
export function connectForTest(
  options: Partial<RedisConnectionOptions> & { readonly keyPrefix: string },
  target: RedisTarget = SINGLE_REDIS,
): Promise<RedisConnection> {
  return RedisConnection.connect({ ...target.connectOptions(), logger: createLogger({ level: 'silent' }), ...options });
}

/** Deletes every key under `prefix` on `target`. */
export async function deleteKeysOn(target: RedisTarget, prefix: string): Promise<void> {
  const options = target.connectOptions();
  if (options.clusterUrls === undefined) return deleteKeys(prefix, options.url);
  const cluster = createCluster({ rootNodes: options.clusterUrls.map((url) => ({ url })) });
  cluster.on('error', () => {});
  await cluster.connect();
  try {
    for (const master of cluster.masters) {
      const client = await cluster.nodeClient(master);
      let cursor = '0';
      do {
        const { cursor: next, keys } = await client.scan(cursor, { MATCH: `${prefix}*`, COUNT: 500 });
        cursor = String(next);
        // One key a command: keys of several slots cannot share one.
        await Promise.all(keys.map((key) => client.unlink(key)));
      } while (cursor !== '0');
    }
  } finally {
    await cluster.close();
  }
}

/** Deletes every key under `prefix` on the shared Redis. */
export async function deleteKeys(prefix: string, url = redisUrl()): Promise<void> {
  const connection = await RedisConnection.connect({ url, keyPrefix: prefix, logger: createLogger({ level: 'silent' }) });
  try {
    let cursor = '0';
    do {
      const [next, keys] = (await connection.commands.sendCommand(['SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '500'])) as [string, string[]];
      cursor = next;
      if (keys.length > 0) await connection.commands.sendCommand(['UNLINK', ...keys]);
    } while (cursor !== '0');
  } finally {
    await connection.close();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true; rejects with `what` after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await sleep(10);
  }
}
