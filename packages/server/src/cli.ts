#!/usr/bin/env node
import { resolve } from 'node:path';
import { CLI_USAGE, parseCliArgs } from './cli/parseCliArgs.ts';
import { createSimulatedModel } from './generation/simulatedModel.ts';
import { createRejoinServer } from './server/createRejoinServer.ts';
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

const redisUrl = options.redisUrl ?? (process.env['REDIS_URL']?.trim() || undefined);
let redis: RedisStores | null = null;
if (redisUrl !== undefined) {
  try {
    redis = await createRedisStores({ url: redisUrl });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

const server = createRejoinServer({
  host: options.host,
  port: options.port,
  ...(redis === null ? {} : { stores: redis }),
  ...(options.staticDir === undefined ? {} : { staticDir: resolve(options.staticDir) }),
  ...(options.tokensPerSecond === undefined ? {} : { respond: createSimulatedModel({ tokensPerSecond: options.tokensPerSecond }) }),
});

try {
  const address = await server.listen();
  process.stdout.write(`Rejoin server listening on ${address.url}\n`);
  process.stdout.write(redisUrl === undefined ? 'Stores: in memory\n' : `Stores: Redis at ${redactUrl(redisUrl)}\n`);
  if (options.staticDir !== undefined) process.stdout.write(`Serving ${options.staticDir} at ${address.httpUrl}\n`);
} catch (error) {
  process.stderr.write(`[rejoin] Could not listen on ${options.host}:${options.port}: ${(error as Error).message}\n`);
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
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
