import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/createLogger.ts';
import type { RedisConnection } from '../../src/stores/redis/RedisConnection.ts';
import { RedisGenerationCoordinator } from '../../src/stores/redis/RedisGenerationCoordinator.ts';
import { connectForTest, deleteKeysOn, eventually, REDIS_TARGETS, type RedisTarget, redisUrl, SINGLE_REDIS, uniquePrefix } from './support/redisForTests.ts';
import { startSeverableLink } from './support/severableLink.ts';

let prefix: string;
/** Where the current test's instances meet: the suite below runs on each. */
let target: RedisTarget = SINGLE_REDIS;
const opened: { coordinator: RedisGenerationCoordinator; connection: RedisConnection }[] = [];
/** Closed after the connections through them. */
const links: { close(): Promise<void> }[] = [];

beforeEach(() => {
  prefix = uniquePrefix();
});

afterEach(async () => {
  for (const { coordinator, connection } of opened.splice(0)) {
    coordinator.detach();
    await connection.close();
  }
  for (const link of links.splice(0)) await link.close();
  await deleteKeysOn(target, prefix);
  target = SINGLE_REDIS;
});

/** One instance's coordinator, with what its registry would have been told. */
async function instance(leaseMs = 300, url?: string) {
  const connection = await connectForTest({ keyPrefix: prefix, maxReconnectDelayMs: 50, ...(url === undefined ? {} : { url }) }, target);
  const coordinator = new RedisGenerationCoordinator(connection, { leaseMs, logger: createLogger({ level: 'silent' }) });
  opened.push({ coordinator, connection });
  const adopted: string[] = [];
  const stops: [string, string | undefined][] = [];
  const stopListeners = new Set<() => void>();
  coordinator.attach({
    adopt: (conversationId) => adopted.push(conversationId),
    stop: (c, m) => {
      stops.push([c, m]);
      for (const listener of stopListeners) listener();
    },
  });
  /** Resolves at the next stop this instance is told about. */
  const nextStop = () => new Promise<void>((resolve) => stopListeners.add(resolve));
  /** When the lease on `conversationId` runs out, in Redis's clock (ms), or null without one. */
  const leaseDeadline = async (conversationId: string): Promise<number | null> => {
    const score = await connection.commands.sendCommand(['ZSCORE', connection.keys.workers(), conversationId]);
    return score === null ? null : Number(score);
  };
  return { coordinator, connection, adopted, stops, nextStop, leaseDeadline };
}

/**
 * Leases run on Redis's clock and are renewed by real timers, so these tests wait for renewals
 * seen in Redis, never for time to pass. A lease of a second tolerates a stalled event loop of
 * two thirds of it between renewals, which a loaded machine may well cause with a shorter one.
 */
const LEASE_MS = 1000;

describe.each(REDIS_TARGETS)('RedisGenerationCoordinator on $name', (redis) => {
  beforeEach(() => {
    target = redis;
  });

  it('lets one instance at a time own a conversation, and hands a request to the owner as a rerun', async () => {
    const a = await instance();
    const b = await instance();
    expect(await a.coordinator.acquire('c1')).toBe(true);
    expect(await b.coordinator.acquire('c1')).toBe(false);
    // B's request is not lost: A must look again before it may let go.
    expect(await a.coordinator.release('c1')).toBe('rerun');
    expect(await a.coordinator.release('c1')).toBe('released');
    expect(await b.coordinator.acquire('c1')).toBe(true);
  });

  it('keeps a lease alive while its worker runs, past several lease periods', async () => {
    const a = await instance(LEASE_MS);
    const b = await instance(LEASE_MS);
    expect(await a.coordinator.acquire('c1')).toBe(true);
    const firstDeadline = (await a.leaseDeadline('c1'))!;
    // Renewed to run past twice the first lease: more than one whole lease period has gone by.
    await eventually(async () => ((await a.leaseDeadline('c1')) ?? 0) > firstDeadline + LEASE_MS, 'a to renew its lease', 10_000);
    expect(await b.coordinator.acquire('c1')).toBe(false);
    expect(b.adopted).toEqual([]);
  });

  it('has another instance adopt, once, a conversation whose owner stopped renewing its lease', async () => {
    const a = await instance(LEASE_MS);
    const b = await instance(LEASE_MS);
    const c = await instance(LEASE_MS);
    expect(await a.coordinator.acquire('c1')).toBe(true);
    a.coordinator.detach(); // a dead instance renews nothing
    await eventually(() => b.adopted.length + c.adopted.length > 0, 'an instance to adopt the conversation', 10_000);
    // A whole lease after the adoption, seen as the new owner's renewal: every instance has swept
    // since (each sweeps at most 0.625 leases apart) and found the lease renewed.
    const adoptedDeadline = (await b.leaseDeadline('c1'))!;
    await eventually(async () => ((await b.leaseDeadline('c1')) ?? 0) > adoptedDeadline + LEASE_MS, 'the new owner to renew', 10_000);
    expect([...b.adopted, ...c.adopted]).toEqual(['c1']);
    // The old owner finds out when it tries to let go.
    expect(await a.coordinator.release('c1')).toBe('lost');
  });

  it('carries a stop to the other instances, not back to the sender', async () => {
    const a = await instance();
    const b = await instance();
    // The stop subscriptions are confirmed asynchronously: publish until heard.
    await eventually(async () => {
      await a.coordinator.requestStop('c1', 'm1');
      await b.coordinator.requestStop('c2', undefined);
      return b.stops.length > 0 && a.stops.length > 0;
    }, 'each stop to reach the other instance');
    expect(new Set(b.stops.map((stop) => JSON.stringify(stop)))).toEqual(new Set([JSON.stringify(['c1', 'm1'])]));
    expect(new Set(a.stops.map((stop) => JSON.stringify(stop)))).toEqual(new Set([JSON.stringify(['c2', null])]));
  });
});

// A proxy in front of one node cannot cut an instance off a cluster (its client reaches the other
// nodes directly), so this one runs on the single Redis.
describe('RedisGenerationCoordinator on Redis, cut off', () => {

  it('delivers a stop published while the owner was cut off from Redis once it is back, before its lease expires', async () => {
    const link = await startSeverableLink(Number(new URL(redisUrl()).port || 6379));
    links.push(link);
    const owner = await instance(3000, link.url);
    const other = await instance(3000);
    expect(await owner.coordinator.acquire('c1')).toBe(true);
    const unavailable = new Promise<void>((resolve) => owner.connection.onUnavailable(() => resolve()));
    link.sever();
    await unavailable;
    // Published while the owner cannot hear it: only the record on the lease can reach it.
    await other.coordinator.requestStop('c1', 'm1');
    const stopped = owner.nextStop();
    link.restore();
    await stopped;
    expect(owner.stops).toEqual([['c1', 'm1']]);
  });
});
