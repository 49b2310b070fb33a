#!/usr/bin/env node
import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { CLI_USAGE, parseClusterNodes, parseCliArgs } from './cli/parseCliArgs.ts';
import { createSimulatedModel } from './generation/simulatedModel.ts';
import { createLogger } from './logging/createLogger.ts';
import { createRejoinServer } from './server/createRejoinServer.ts';
import { runWorkers } from './server/runWorkers.ts';
import { createRedisStores, type RedisStores } from './stores/redis/createRedisStores.ts';
import { redactUrl } from './stores/redis/RedisConnection.ts';

let options;
try {
  options = parseCliArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n\n${CLI_USAGE}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${CLI_USAGE}\n`);
  process.exit(0);
}

// A flag beats either variable; with neither flag, REDIS_CLUSTER_URLS beats REDIS_URL.
const clusterFromEnv = process.env['REDIS_CLUSTER_URLS']?.trim() || undefined;
let redisClusterUrls: readonly string[] | undefined;
try {
  redisClusterUrls =
    options.redisClusterUrls ??
    (options.redisUrl === undefined && clusterFromEnv !== undefined ? parseClusterNodes(clusterFromEnv, 'REDIS_CLUSTER_URLS') : undefined);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
const redisUrl = redisClusterUrls === undefined ? options.redisUrl ?? (process.env['REDIS_URL']?.trim() || undefined) : undefined;
const logger = createLogger();
const cliOptions = options;

/** One worker: its own connections to the stores, its own server on the shared port. */
async function startServer(): Promise<void> {
  let redis: RedisStores | null = null;
  if (redisUrl !== undefined || redisClusterUrls !== undefined) {
    try {
      redis = await createRedisStores(redisClusterUrls === undefined ? { url: redisUrl ?? '' } : { clusterUrls: redisClusterUrls });
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    }
  }

  const server = createRejoinServer({
    host: cliOptions.host,
    port: cliOptions.port,
    ...(redis === null ? {} : { stores: redis }),
    ...(cliOptions.staticDir === undefined ? {} : { staticDir: resolve(cliOptions.staticDir) }),
    ...(cliOptions.tokensPerSecond === undefined ? {} : { respond: createSimulatedModel({ tokensPerSecond: cliOptions.tokensPerSecond }) }),
  });

  try {
    const address = await server.listen();
    const who = cluster.isWorker ? `worker ${process.pid} ` : '';
    process.stdout.write(`Rejoin server ${who}listening on ${address.url}\n`);
    process.stdout.write(
      redisClusterUrls !== undefined
        ? `Stores: Redis Cluster at ${redisClusterUrls.map(redactUrl).join(', ')}\n`
        : redisUrl === undefined
          ? 'Stores: in memory\n'
          : `Stores: Redis at ${redactUrl(redisUrl)}\n`,
    );
    if (cliOptions.staticDir !== undefined) process.stdout.write(`Serving ${cliOptions.staticDir} at ${address.httpUrl}\n`);
  } catch (error) {
    process.stderr.write(`[rejoin] Could not listen on ${cliOptions.host}:${cliOptions.port}: ${(error as Error).message}\n`);
    process.exit(1);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // Repeats are ignored, not taken as "now": under npx or an npm script one Ctrl+C arrives twice
    // (the terminal signals the whole job, and npm passes its copy on), and the close is bounded
    // anyway (the server's shutdown timeout).
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}, shutting down gracefully...\n`);
    server.close().then(() => redis?.close()).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`[rejoin] Shutdown failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  // A worker stops when its primary says so (SIGTERM), not on the terminal's SIGINT to the group.
  process.on('SIGINT', cluster.isWorker ? () => {} : stop);
  process.on('SIGTERM', stop);
}

try {
  await runWorkers({ workers: options.workers, sharedStores: redisUrl !== undefined || redisClusterUrls !== undefined, start: startServer, logger });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
