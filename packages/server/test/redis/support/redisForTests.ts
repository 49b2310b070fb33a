import { randomUUID } from 'node:crypto';
import { RedisConnection, type RedisConnectionOptions } from '../../../src/stores/redis/RedisConnection.ts';
import { createLogger } from '../../../src/logging/createLogger.ts';

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

/** A connection to the shared Redis under `keyPrefix`, with a silent logger. */
export function connectForTest(options: Partial<RedisConnectionOptions> & { readonly keyPrefix: string }): Promise<RedisConnection> {
  return RedisConnection.connect({ url: redisUrl(), logger: createLogger({ level: 'silent' }), ...options });
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
