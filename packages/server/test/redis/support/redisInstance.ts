import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Respond } from '../../../src/generation/Respond.ts';
import { createSimulatedModel } from '../../../src/generation/simulatedModel.ts';
import { createLogger } from '../../../src/logging/createLogger.ts';
import { createRejoinServer, type RejoinServer } from '../../../src/server/createRejoinServer.ts';
import { createRedisStores, type RedisStores } from '../../../src/stores/redis/createRedisStores.ts';
import { type RedisTarget, SINGLE_REDIS } from './redisForTests.ts';

export interface RedisInstance {
  readonly server: RejoinServer;
  readonly stores: RedisStores;
  readonly url: string;
  readonly port: number;
  /**
   * Dies at once, as under `kill -9`: every Redis connection and client socket is cut and no
   * shutdown code runs, so nothing more reaches Redis from it; its leases stop being renewed.
   */
  crash(): void;
  /** Graceful close (a no-op for what `crash` already cut). */
  close(): Promise<void>;
}

/**
 * One server instance on Redis stores, on 127.0.0.1, port 0: start two with the same `keyPrefix`
 * for a two-instance deployment.
 */
/** Silent unless REJOIN_TEST_LOG names a level (debug, info, warn, error), for debugging a test. */
function testLogger() {
  const level = process.env['REJOIN_TEST_LOG'];
  return createLogger({ level: level === 'debug' || level === 'info' || level === 'warn' || level === 'error' ? level : 'silent' });
}

export async function startRedisInstance(options: {
  readonly keyPrefix: string;
  /** A single Redis's URL; else `target`'s. */
  readonly url?: string;
  /** @default SINGLE_REDIS */
  readonly target?: RedisTarget;
  readonly tokensPerSecond?: number;
  /** The model; @default the simulated one at `tokensPerSecond` */
  readonly respond?: Respond;
  readonly leaseMs?: number;
}): Promise<RedisInstance> {
  const stores = await createRedisStores({
    ...(options.url === undefined ? (options.target ?? SINGLE_REDIS).connectOptions() : { url: options.url }),
    keyPrefix: options.keyPrefix,
    leaseMs: options.leaseMs ?? 600,
    commandTimeoutMs: 2000,
    maxReconnectDelayMs: 200,
    logger: testLogger(),
  });
  // Our own HTTP server, so that `crash` can cut its sockets the way a dying process would.
  const httpServer: Server = createServer();
  const sockets = new Set<Socket>();
  httpServer.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const server = createRejoinServer({
    host: '127.0.0.1',
    port: 0,
    httpServer,
    stores,
    respond: options.respond ?? createSimulatedModel({ tokensPerSecond: options.tokensPerSecond ?? 60 }),
    shutdown: { generations: 'abort', timeoutMs: 500 },
    logger: testLogger(),
  });
  const { url, port } = await server.listen();
  let crashed = false;
  return {
    server,
    stores,
    url,
    port,
    crash() {
      crashed = true;
      stores.connection.destroy();
      for (const socket of sockets) socket.destroy();
      httpServer.close();
    },
    async close() {
      await server.close();
      await stores.close();
      if (!crashed) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
