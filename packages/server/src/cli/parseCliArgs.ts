import { parseArgs } from 'node:util';
import { RejoinError } from '@rejoin/core/protocol';

export const CLI_USAGE = `Usage: rejoin-server [options]

Runs the Rejoin reference server with the simulated model, on in-memory stores, or on Redis
so that several instances behind a load balancer share conversations and streams.

Options:
  --host HOST        interface to listen on (default 127.0.0.1)
  --port PORT        port to listen on, 0 for any free one (default 8787)
  --static DIR       also serve the built app in DIR over HTTP
  --rate TOKENS      simulated model speed, in tokens per second (default 30)
  --redis URL        keep conversations and streams in Redis, e.g. redis://127.0.0.1:6379
                     (default: the REDIS_URL environment variable; without either, in memory)
  --redis-cluster NODES
                     keep them in a Redis Cluster instead: some of its nodes, comma-separated,
                     e.g. 127.0.0.1:7001,127.0.0.1:7002 (or redis:// URLs; default: the
                     REDIS_CLUSTER_URLS environment variable)
  --workers N        serve the port from N processes (default 1); more than one needs Redis,
                     a dead worker is replaced and its replies end explicitly
  -h, --help         print this help

Logs are JSON lines on stdout; set REJOIN_LOG=debug|info|warn|error|silent to choose the level.`;

/** What the command line asked for. */
export interface CliOptions {
  readonly help: boolean;
  readonly host: string;
  readonly port: number;
  readonly staticDir: string | undefined;
  readonly tokensPerSecond: number | undefined;
  /** From `--redis`; the CLI falls back to `REDIS_URL`. */
  readonly redisUrl: string | undefined;
  /** From `--redis-cluster`, as redis:// URLs; the CLI falls back to `REDIS_CLUSTER_URLS`. */
  readonly redisClusterUrls: readonly string[] | undefined;
  /** Processes serving the port; more than one needs Redis. */
  readonly workers: number;
}

/** Reads `rejoin-server`'s arguments; throws a `config/invalid` RejoinError the CLI prints with the usage. */
export function parseCliArgs(args: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8787' },
        static: { type: 'string' },
        rate: { type: 'string' },
        redis: { type: 'string' },
        'redis-cluster': { type: 'string' },
        workers: { type: 'string', default: '1' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (cause) {
    throw new RejoinError('config/invalid', `[rejoin] ${(cause as Error).message}`, { cause });
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RejoinError('config/invalid', `[rejoin] --port must be an integer from 0 to 65535, got "${values.port}".`);
  }
  const tokensPerSecond = values.rate === undefined ? undefined : Number(values.rate);
  if (tokensPerSecond !== undefined && !(tokensPerSecond > 0)) {
    throw new RejoinError('config/invalid', `[rejoin] --rate must be a number of tokens per second > 0, got "${values.rate}".`);
  }
  const redisUrl = values.redis;
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    throw new RejoinError('config/invalid', `[rejoin] --redis must be a redis:// or rediss:// URL, got "${redisUrl}".`);
  }
  const redisClusterUrls = values['redis-cluster'] === undefined ? undefined : parseClusterNodes(values['redis-cluster'], '--redis-cluster');
  if (redisUrl !== undefined && redisClusterUrls !== undefined) {
    throw new RejoinError('config/invalid', '[rejoin] Give --redis (one Redis) or --redis-cluster (a Redis Cluster), not both.');
  }
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RejoinError('config/invalid', `[rejoin] --workers must be an integer >= 1, got "${values.workers}".`);
  }
  return { help: values.help, host: values.host, port, staticDir: values.static, tokensPerSecond, redisUrl, redisClusterUrls, workers };
}

/**
 * `host:port` or `redis://…` entries, comma-separated, as redis:// URLs. `source` names the flag or
 * variable they came from, for the error.
 */
export function parseClusterNodes(list: string, source: string): string[] {
  const entries = list.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const urls = entries.map((entry) => (/^rediss?:\/\//.test(entry) ? entry : `redis://${entry}`));
  const invalid = urls.find((url) => {
    try {
      return new URL(url).port === '';
    } catch {
      return true;
    }
  });
  if (urls.length === 0 || invalid !== undefined) {
    throw new RejoinError(
      'config/invalid',
      `[rejoin] ${source} must list Redis Cluster nodes as host:port (or redis:// URLs with a port), comma-separated; got "${list}".`,
    );
  }
  return urls;
}
