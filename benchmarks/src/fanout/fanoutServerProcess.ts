// Child process of row 6: the reference server with the stamped model, on 127.0.0.1. Reports its
// address and, on request, its memory and CPU time over the IPC channel.
//
// argv: tokens per second, workers, Redis URL, Redis key prefix. With more than one worker this
// process is the cluster primary (as `rejoin-server --workers N`): each worker runs a server on
// Redis stores on the shared port, and the primary answers for all of them, summing their figures
// with its own (it accepts every connection and hands it to a worker, which is CPU too).
import cluster, { type Worker } from 'node:cluster';
import { createLogger, createRedisStores, createRejoinServer, type RedisStores } from '@rejoin/server';
import type { ParentMessage, ServerProcessMessage } from './fanoutMessages.ts';
import { createStampedModel } from './stampedModel.ts';

const tokensPerSecond = Number(process.argv[2] ?? 20);
const workers = Number(process.argv[3] ?? 1);
const redisUrl = process.argv[4] || undefined;
const keyPrefix = process.argv[5] || undefined;

const send = (message: ServerProcessMessage): void => {
  process.send?.(message);
};

/** This process's figures, as one server process reports them. */
function memory(connections: number): Extract<ServerProcessMessage, { type: 'memory' }> {
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return { type: 'memory', rss: usage.rss, heapUsed: usage.heapUsed, connections };
}

function cpu(): Extract<ServerProcessMessage, { type: 'cpu' }> {
  // When profiling, the window's bounds on the profile's clock (CLOCK_MONOTONIC, µs), so a
  // breakdown can keep the window's samples only.
  if (process.execArgv.includes('--cpu-prof')) process.stderr.write(`fan-out server cpu mark ${process.hrtime.bigint() / 1000n}\n`);
  const { user, system } = process.cpuUsage();
  return { type: 'cpu', cpuMs: (user + system) / 1000 };
}

/** One server: the whole process with one worker, else one cluster worker. */
async function runServer(): Promise<void> {
  let stores: RedisStores | null = null;
  if (redisUrl !== undefined) stores = await createRedisStores({ url: redisUrl, ...(keyPrefix === undefined ? {} : { keyPrefix }) });
  const server = createRejoinServer({
    host: '127.0.0.1',
    // In a cluster every worker's listen(0) gets the same port, which the primary shares out.
    port: 0,
    respond: createStampedModel(tokensPerSecond),
    logger: createLogger({ level: 'error', write: (line) => process.stderr.write(`${line}\n`) }),
    shutdown: { generations: 'abort', timeoutMs: 1000 },
    ...(stores === null ? {} : { stores }),
  });
  const { url } = await server.listen();
  send({ type: 'listening', url });
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'measure-memory') send(memory(server.connectionCount));
    else if (message.type === 'measure-cpu') send(cpu());
    else if (message.type === 'stop') process.exit(0);
  });
  // The parent going away must not leave a server behind.
  process.on('disconnect', () => process.exit(0));
}

/** Asks every worker and waits for each one's answer of `type`. */
function askWorkers<T extends 'memory' | 'cpu'>(all: readonly Worker[], request: ParentMessage, type: T) {
  return Promise.all(
    all.map(
      (worker) =>
        new Promise<Extract<ServerProcessMessage, { type: T }>>((resolve) => {
          const onMessage = (message: ServerProcessMessage): void => {
            if (message.type !== type) return;
            worker.off('message', onMessage);
            resolve(message as Extract<ServerProcessMessage, { type: T }>);
          };
          worker.on('message', onMessage);
          worker.send(request);
        }),
    ),
  );
}

async function runPrimary(): Promise<void> {
  const forked = Array.from({ length: workers }, () => cluster.fork());
  const urls = await Promise.all(
    forked.map(
      (worker) =>
        new Promise<string>((resolve) => {
          worker.on('message', (message: ServerProcessMessage) => {
            if (message.type === 'listening') resolve(message.url);
          });
        }),
    ),
  );
  send({ type: 'listening', url: urls[0]! });
  process.on('message', async (message: ParentMessage) => {
    if (message.type === 'measure-memory') {
      const answers = [memory(0), ...(await askWorkers(forked, message, 'memory'))];
      send({
        type: 'memory',
        rss: answers.reduce((sum, answer) => sum + answer.rss, 0),
        heapUsed: answers.reduce((sum, answer) => sum + answer.heapUsed, 0),
        connections: answers.reduce((sum, answer) => sum + answer.connections, 0),
      });
    } else if (message.type === 'measure-cpu') {
      const answers = [cpu(), ...(await askWorkers(forked, message, 'cpu'))];
      send({ type: 'cpu', cpuMs: answers.reduce((sum, answer) => sum + answer.cpuMs, 0) });
    } else if (message.type === 'stop') {
      for (const worker of forked) worker.process.kill('SIGKILL');
      process.exit(0);
    }
  });
  process.on('disconnect', () => {
    for (const worker of forked) worker.process.kill('SIGKILL');
    process.exit(0);
  });
}

if (workers > 1 && cluster.isPrimary) await runPrimary();
else await runServer();
