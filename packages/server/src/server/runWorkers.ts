import cluster, { type Worker } from 'node:cluster';
import { RejoinError } from '@rejoin/core/protocol';
import type { Logger } from '../logging/createLogger.ts';

export interface RunWorkersOptions {
  /** How many processes serve the port; 1 runs `start` in this process. */
  readonly workers: number;
  /**
   * Whether the stores are shared between processes (Redis). In-memory stores cannot be: with
   * more than one worker each would hold its own streams, and a client resuming on another
   * worker would find nothing, so it is refused.
   */
  readonly sharedStores: boolean;
  /** Starts one worker's server (called in each worker process, or here with one worker). */
  readonly start: () => Promise<void>;
  readonly logger: Logger;
}

/**
 * Runs `start` in `workers` processes on one port with Node's `cluster` module: the primary
 * accepts connections and hands them to the workers in turn, and replaces a worker that dies.
 * The replies a dead worker was writing end explicitly: its leases expire and another worker
 * adopts them, as for any instance that dies. SIGINT/SIGTERM to the primary shut every worker
 * down gracefully. Call it the same way in the primary and the workers (the primary re-runs this
 * script for each worker).
 */
export async function runWorkers(options: RunWorkersOptions): Promise<void> {
  const { workers, logger } = options;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RejoinError('config/invalid', `[rejoin] workers must be an integer >= 1, got ${workers}.`);
  }
  if (workers > 1 && !options.sharedStores) {
    throw new RejoinError(
      'config/invalid',
      `[rejoin] ${workers} workers need stores they can share: in-memory stores live in one process, so a ` +
        'client resuming on another worker would lose its stream. Use Redis (--redis URL or REDIS_URL) or one worker.',
    );
  }
  if (workers === 1 || cluster.isWorker) {
    await options.start();
    return;
  }
  let stopping = false;
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('online', () => logger.info('worker started', { pid: worker.process.pid }));
    return worker;
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // Its replies are adopted by the other workers once its leases expire; a new worker takes its place.
    logger.error('worker died; starting another', { pid: worker.process.pid, code, signal });
    fork();
  });
  for (let index = 0; index < workers; index++) fork();
  // Workers ignore the terminal's SIGINT (sent to the whole process group) and stop on the
  // SIGTERM the primary sends, so one Ctrl-C is one graceful shutdown. Repeats are ignored, as in
  // a single process: under npx or an npm script one Ctrl-C arrives twice, and each worker's close
  // is bounded by the server's shutdown timeout anyway.
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
