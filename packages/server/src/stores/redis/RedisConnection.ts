import { RejoinError } from '@rejoin/core/protocol';
import { createClient } from 'redis';
import { createId } from '../../ids/createId.ts';
import { createLogger, errorFields, type Logger } from '../../logging/createLogger.ts';
import type { Unsubscribe } from '../StreamStore.ts';
import { RedisKeys } from './RedisKeys.ts';

/** The default key prefix: every key and channel starts with it. */
export const DEFAULT_KEY_PREFIX = 'rejoin:';

export interface RedisConnectionOptions {
  /** `redis://[[user]:password@]host[:port][/db]` (or `rediss://` for TLS). */
  readonly url: string;
  /**
   * Prepended to every key and pub/sub channel, so several deployments (or test runs) can share
   * one Redis without seeing each other.
   * @default 'rejoin:'
   */
  readonly keyPrefix?: string;
  /**
   * How long any command may take before it fails; nothing waits on Redis forever.
   * @default 5000
   */
  readonly commandTimeoutMs?: number;
  /**
   * How long the first connection may take before `connect` gives up.
   * @default 5000
   */
  readonly connectTimeoutMs?: number;
  /**
   * After the connection was lost, the longest wait between two reconnection attempts. The client
   * keeps trying for as long as the server runs, so it recovers whenever Redis is back.
   * @default 2000
   */
  readonly maxReconnectDelayMs?: number;
  /** @default createLogger() */
  readonly logger?: Logger;
}

function createRespTwoClient(url: string, commandTimeoutMs: number, reconnectStrategy: (retries: number, cause: Error) => number | Error) {
  return createClient({
    url,
    // RESP2 replies are plain nested arrays, the shape every script and stream command here reads.
    RESP: 2,
    // While disconnected, commands fail at once instead of queueing: callers turn that into a
    // clear error for the client rather than a hang.
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs },
    socket: { connectTimeout: commandTimeoutMs, reconnectStrategy },
  });
}

type RedisClient = ReturnType<typeof createRespTwoClient>;

/** The one thing the scripts and stores need from a connection: raw commands. */
export interface RedisCommands {
  sendCommand(args: readonly string[], options?: { readonly timeout?: number }): Promise<unknown>;
}

/**
 * One server instance's connections to Redis, shared by its stores: `commands` for ordinary
 * commands and scripts, `subscriber` for pub/sub, and `reader` for the blocking `XREAD` that feeds
 * every stream follower of the instance (a blocked connection can do nothing else). It tells its
 * listeners when Redis becomes unreachable, and reconnects by itself.
 */
export class RedisConnection {
  /** This server instance, unique in the deployment: it owns the leases this instance takes. */
  readonly instanceId: string = createId();
  readonly keys: RedisKeys;
  readonly commandTimeoutMs: number;
  private readonly listeners = new Set<(error: Error) => void>();
  private available = true;
  private closed = false;

  private constructor(
    readonly commands: RedisClient,
    readonly subscriber: RedisClient,
    readonly reader: RedisClient,
    keyPrefix: string,
    commandTimeoutMs: number,
    private readonly logger: Logger,
  ) {
    this.keys = new RedisKeys(keyPrefix);
    this.commandTimeoutMs = commandTimeoutMs;
    for (const client of [commands, subscriber, reader]) client.on('ready', () => this.restored());
  }

  /**
   * Opens the connections. Rejects with a `config/invalid` RejoinError when Redis cannot be
   * reached within `connectTimeoutMs`.
   */
  static async connect(options: RedisConnectionOptions): Promise<RedisConnection> {
    const commandTimeoutMs = options.commandTimeoutMs ?? 5000;
    const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    const maxDelayMs = options.maxReconnectDelayMs ?? 2000;
    const logger = options.logger ?? createLogger();
    const startedAt = Date.now();
    // Errors before the connection exists are reported by connect() below; after, by `lost`.
    // One permanent listener that is re-pointed: node-redis clients must not lose their last
    // `error` listener (removing it detaches the later ones from the client's emitter).
    let onError: (error: Error) => void = () => {};
    const make = (): RedisClient => {
      let connected = false;
      const client = createRespTwoClient(options.url, commandTimeoutMs, (retries, cause) => {
        // Before the first connection, give up (connect rejects); after it, never give up.
        if (!connected && Date.now() - startedAt >= connectTimeoutMs) return cause;
        const ceiling = Math.min(maxDelayMs, 50 * 2 ** Math.min(retries, 10));
        return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
      });
      client.on('ready', () => {
        connected = true;
      });
      // Without an `error` listener, node-redis errors would crash the process.
      client.on('error', (error: Error) => onError(error));
      return client;
    };
    const clients = [make(), make(), make()] as const;
    try {
      await Promise.all(clients.map((client) => client.connect()));
    } catch (cause) {
      for (const client of clients) {
        if (client.isOpen) client.destroy();
      }
      throw new RejoinError(
        'config/invalid',
        `[rejoin] Could not connect to Redis at ${redactUrl(options.url)}: ${(cause as Error).message}. ` +
          'Check the URL (REDIS_URL or --redis) and that redis-server is running.',
        { cause },
      );
    }
    const connection = new RedisConnection(...clients, options.keyPrefix ?? DEFAULT_KEY_PREFIX, commandTimeoutMs, logger);
    onError = (error) => connection.lost(error);
    return connection;
  }

  /** Calls `listener` once each time Redis becomes unreachable (not again until it is back). */
  onUnavailable(listener: (error: Error) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Whether every connection is up. */
  get isReady(): boolean {
    return this.commands.isReady && this.subscriber.isReady && this.reader.isReady;
  }

  /** Closes the connections. Stores using it must be closed first. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    // The reader may be blocked in XREAD for seconds: cut it rather than wait for the reply.
    if (this.reader.isOpen) this.reader.destroy();
    await Promise.allSettled([this.subscriber, this.commands].map((client) => (client.isOpen ? client.close() : undefined)));
    for (const client of [this.subscriber, this.commands]) {
      if (client.isOpen) client.destroy();
    }
  }

  /**
   * Closes every connection at once without any goodbye, as if the process had been killed: for
   * tests that need an instance to die mid-generation.
   */
  destroy(): void {
    this.closed = true;
    this.listeners.clear();
    for (const client of [this.reader, this.subscriber, this.commands]) {
      if (client.isOpen) client.destroy();
    }
  }

  /** Called by the clients' error listener: tells the listeners, once per outage. */
  private lost(error: Error): void {
    if (this.closed || !this.available) return;
    this.available = false;
    this.logger.error('lost the connection to Redis; reconnecting', errorFields(error));
    for (const listener of [...this.listeners]) {
      try {
        listener(error);
      } catch (thrown) {
        this.logger.error('a Redis availability listener failed', errorFields(thrown));
      }
    }
  }

  private restored(): void {
    if (this.closed || this.available || !this.isReady) return;
    this.available = true;
    this.logger.info('reconnected to Redis');
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an invalid URL)';
  }
}
