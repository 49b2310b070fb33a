import { RejoinError } from '@rejoin/core/protocol';
import { createClient, createCluster } from 'redis';
import { createId } from '../../ids/createId.ts';
import { createLogger, errorFields, type Logger } from '../../logging/createLogger.ts';
import type { Unsubscribe } from '../StreamStore.ts';
import { RedisKeys } from './RedisKeys.ts';

/** The default key prefix: every key and channel starts with it. */
export const DEFAULT_KEY_PREFIX = 'rejoin:';

export interface RedisConnectionOptions {
  /**
   * A single Redis: `redis://[[user]:password@]host[:port][/db]` (or `rediss://` for TLS). Give
   * either `url` or `clusterUrls`.
   */
  readonly url?: string;
  /**
   * A Redis Cluster: the URLs of some of its nodes (`redis://host:port`, each with the same
   * credentials); the rest of the cluster is discovered from them. Give at least two, so that
   * starting does not depend on one node. Give either `url` or `clusterUrls`.
   */
  readonly clusterUrls?: readonly string[];
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

function createRespTwoCluster(urls: readonly string[], commandTimeoutMs: number, reconnectStrategy: (retries: number, cause: Error) => number | Error) {
  return createCluster({
    rootNodes: urls.map((url) => ({ url })),
    // Credentials and TLS come with the URLs; every discovered node gets the first one's.
    defaults: {
      ...clusterCredentials(urls[0] ?? ''),
      disableOfflineQueue: true,
      // Discovered nodes are reached by host and port only: TLS must be asked for here too.
      socket: urls[0]?.startsWith('rediss://')
        ? { tls: true, connectTimeout: commandTimeoutMs, reconnectStrategy }
        : { connectTimeout: commandTimeoutMs, reconnectStrategy },
    },
    RESP: 2,
    commandOptions: { timeout: commandTimeoutMs },
  });
}

type RedisClient = ReturnType<typeof createRespTwoClient>;
type RedisClusterClient = ReturnType<typeof createRespTwoCluster>;

export interface RedisCommandOptions {
  readonly timeout?: number;
  /**
   * On a cluster, a key of the slot whose node must run a command that names no key (`CLIENT
   * ID`, `CLIENT UNBLOCK`). Commands with keys are routed by their first key.
   */
  readonly routeKey?: string;
}

/** The one thing the scripts and stores need from a connection: raw commands, on one Redis or routed in a cluster. */
export interface RedisCommands {
  sendCommand(args: readonly string[], options?: RedisCommandOptions): Promise<unknown>;
  readonly isOpen: boolean;
  readonly isReady: boolean;
  /** Calls `listener` each time a connection (re)opens, which gives it a new `CLIENT ID`. */
  onReady(listener: () => void): void;
}

/** A single Redis's client as `RedisCommands`. */
class StandaloneCommands implements RedisCommands {
  constructor(readonly client: RedisClient) {}
  sendCommand(args: readonly string[], options: RedisCommandOptions = {}): Promise<unknown> {
    return this.client.sendCommand([...args], options.timeout === undefined ? undefined : { timeout: options.timeout });
  }
  get isOpen(): boolean {
    return this.client.isOpen;
  }
  get isReady(): boolean {
    return this.client.isReady;
  }
  onReady(listener: () => void): void {
    this.client.on('ready', listener);
  }
}

/** A cluster client as `RedisCommands`: each command goes to the node serving its key's slot. */
class ClusterCommands implements RedisCommands {
  constructor(readonly cluster: RedisClusterClient) {}
  sendCommand(args: readonly string[], options: RedisCommandOptions = {}): Promise<unknown> {
    return this.cluster.sendCommand(
      options.routeKey ?? firstKey(args),
      false,
      [...args],
      options.timeout === undefined ? undefined : { timeout: options.timeout },
    );
  }
  get isOpen(): boolean {
    return this.cluster.isOpen;
  }
  get isReady(): boolean {
    return this.cluster.isReady;
  }
  onReady(listener: () => void): void {
    this.cluster.on('node-ready', listener);
  }
}

/** The key a command is routed by, for the commands the stores send. */
function firstKey(args: readonly string[]): string | undefined {
  const name = args[0]?.toUpperCase();
  if (name === 'EVALSHA' || name === 'EVAL') return args[2] === '0' ? undefined : args[3];
  if (name === 'XREAD') return args[args.findIndex((arg) => arg.toUpperCase() === 'STREAMS') + 1];
  return args[1];
}

/** What a cluster's discovered nodes inherit from the first URL: its credentials. */
function clusterCredentials(url: string): { username?: string; password?: string } {
  try {
    const parsed = new URL(url);
    return {
      ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
      ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
    };
  } catch {
    return {};
  }
}

/** Pub/sub as the stores use it: classic channels on one Redis, sharded channels (Redis 7) on a cluster. */
export interface RedisPubSub {
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  unsubscribe(channel: string, listener?: (message: string) => void): Promise<void>;
  publish(channel: string, message: string): Promise<unknown>;
  readonly isOpen: boolean;
}

/**
 * One server instance's connections to Redis, shared by its stores: `commands` for ordinary
 * commands and scripts, `pubSub` for pub/sub, and readers for the blocking `XREAD` that feeds the
 * stream followers of the instance (a blocked connection can do nothing else): one on a single
 * Redis, one per stream slot group on a cluster (see `RedisKeys.streamGroup`). It tells its
 * listeners when Redis becomes unreachable, and reconnects by itself.
 */
export class RedisConnection {
  /** This server instance, unique in the deployment: it owns the leases this instance takes. */
  readonly instanceId: string = createId();
  readonly keys: RedisKeys;
  readonly commandTimeoutMs: number;
  private readonly listeners = new Set<(error: Error) => void>();
  private readonly readers = new Map<string, Promise<RedisCommands>>();
  private available = true;
  private closed = false;

  private constructor(
    readonly commands: RedisCommands,
    readonly pubSub: RedisPubSub,
    /** Every client this connection opened, and how to open another reader. */
    private readonly clients: ClientSet,
    keyPrefix: string,
    commandTimeoutMs: number,
    private readonly logger: Logger,
  ) {
    this.keys = new RedisKeys(keyPrefix, clients.cluster);
    this.commandTimeoutMs = commandTimeoutMs;
    clients.onReady(() => this.restored());
  }

  /**
   * Opens the connections. Rejects with a `config/invalid` RejoinError when Redis cannot be
   * reached within `connectTimeoutMs`, or when neither or both of `url` and `clusterUrls` are given.
   */
  static async connect(options: RedisConnectionOptions): Promise<RedisConnection> {
    const commandTimeoutMs = options.commandTimeoutMs ?? 5000;
    const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    const maxDelayMs = options.maxReconnectDelayMs ?? 2000;
    const logger = options.logger ?? createLogger();
    const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    const target = describeTarget(options);
    if (options.clusterUrls !== undefined && /[{}]/.test(keyPrefix)) {
      throw new RejoinError(
        'config/invalid',
        `[rejoin] The Redis key prefix "${keyPrefix}" holds a brace: on a cluster the stores place keys in slots with ` +
          'their own {hash tags}, which a brace in the prefix would override. Choose a prefix without { or }.',
      );
    }
    const startedAt = Date.now();
    // Errors before the connection exists are reported by connect() below; after, by `lost`.
    // One permanent listener that is re-pointed: node-redis clients must not lose their last
    // `error` listener (removing it detaches the later ones from the client's emitter).
    let onError: (error: Error) => void = () => {};
    let connected = false;
    const reconnectStrategy = (retries: number, cause: Error): number | Error => {
      // Before the first connection, give up (connect rejects); after it, never give up.
      if (!connected && Date.now() - startedAt >= connectTimeoutMs) return cause;
      const ceiling = Math.min(maxDelayMs, 50 * 2 ** Math.min(retries, 10));
      return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    };
    const clients =
      options.clusterUrls === undefined
        ? standaloneClients(options.url ?? '', commandTimeoutMs, reconnectStrategy, (error) => onError(error))
        : clusterClients(options.clusterUrls, commandTimeoutMs, reconnectStrategy, (error) => onError(error));
    try {
      await clients.connect();
      connected = true;
    } catch (cause) {
      clients.destroy();
      throw new RejoinError(
        'config/invalid',
        `[rejoin] Could not connect to Redis at ${target}: ${(cause as Error).message}. ` +
          'Check the URL (REDIS_URL or --redis, REDIS_CLUSTER_URLS or --redis-cluster) and that redis-server is running.',
        { cause },
      );
    }
    const connection = new RedisConnection(clients.commands, clients.pubSub, clients, keyPrefix, commandTimeoutMs, logger);
    onError = (error) => connection.lost(error);
    return connection;
  }

  /**
   * The blocking reader for the streams of `streamGroup` (`keys.streamGroup(messageId)`): the one
   * reader on a single Redis, a connection of the group's own on a cluster, opened on first use.
   */
  reader(streamGroup: string): Promise<RedisCommands> {
    if (this.closed) return Promise.reject(new RejoinError('store/invariant', '[rejoin] This Redis connection is closed; close the stores before their connection.'));
    const group = this.clients.cluster ? streamGroup : '';
    let reader = this.readers.get(group);
    if (reader === undefined) {
      reader = this.clients.openReader();
      this.readers.set(group, reader);
      // A failed open is forgotten, so the next read tries again.
      reader.catch(() => {
        if (this.readers.get(group) === reader) this.readers.delete(group);
      });
    }
    return reader;
  }

  /** Calls `listener` once each time Redis becomes unreachable (not again until it is back). */
  onUnavailable(listener: (error: Error) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Whether `close` or `destroy` was called: nothing reconnects any more. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Whether every connection is up. */
  get isReady(): boolean {
    return this.clients.isReady();
  }

  /** Closes the connections. Stores using it must be closed first. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.clients.close();
  }

  /**
   * Closes every connection at once without any goodbye, as if the process had been killed: for
   * tests that need an instance to die mid-generation.
   */
  destroy(): void {
    this.closed = true;
    this.listeners.clear();
    this.clients.destroy();
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

/** The clients of one connection, on a single Redis or a cluster, behind one shape. */
interface ClientSet {
  readonly cluster: boolean;
  readonly commands: RedisCommands;
  readonly pubSub: RedisPubSub;
  connect(): Promise<void>;
  /** Opens one more connection for a blocking reader; it is closed with the others. */
  openReader(): Promise<RedisCommands>;
  onReady(listener: () => void): void;
  isReady(): boolean;
  close(): Promise<void>;
  destroy(): void;
}

type ReconnectStrategy = (retries: number, cause: Error) => number | Error;

function standaloneClients(url: string, commandTimeoutMs: number, reconnectStrategy: ReconnectStrategy, onError: (error: Error) => void): ClientSet {
  const make = (): RedisClient => {
    const client = createRespTwoClient(url, commandTimeoutMs, reconnectStrategy);
    // Without an `error` listener, node-redis errors would crash the process.
    client.on('error', onError);
    return client;
  };
  const commands = make();
  const subscriber = make();
  const reader = make();
  const all = [commands, subscriber, reader];
  const readerCommands = new StandaloneCommands(reader);
  return {
    cluster: false,
    commands: new StandaloneCommands(commands),
    pubSub: {
      subscribe: (channel, listener) => subscriber.subscribe(channel, listener),
      unsubscribe: (channel, listener) => subscriber.unsubscribe(channel, listener),
      publish: (channel, message) => commands.sendCommand(['PUBLISH', channel, message]),
      get isOpen() {
        return subscriber.isOpen;
      },
    },
    connect: async () => {
      await Promise.all(all.map((client) => client.connect()));
    },
    openReader: () => Promise.resolve(readerCommands),
    onReady: (listener) => {
      for (const client of all) client.on('ready', listener);
    },
    isReady: () => all.every((client) => client.isReady),
    close: async () => {
      // The reader may be blocked in XREAD for seconds: cut it rather than wait for the reply.
      if (reader.isOpen) reader.destroy();
      await Promise.allSettled([subscriber, commands].map((client) => (client.isOpen ? client.close() : undefined)));
      for (const client of [subscriber, commands]) {
        if (client.isOpen) client.destroy();
      }
    },
    destroy: () => {
      for (const client of [reader, subscriber, commands]) {
        if (client.isOpen) client.destroy();
      }
    },
  };
}

function clusterClients(urls: readonly string[], commandTimeoutMs: number, reconnectStrategy: ReconnectStrategy, onError: (error: Error) => void): ClientSet {
  const make = (): RedisClusterClient => {
    const cluster = createRespTwoCluster(urls, commandTimeoutMs, reconnectStrategy);
    cluster.on('error', onError);
    cluster.on('node-error', onError);
    return cluster;
  };
  const commands = make();
  // Sharded subscriptions get connections of their own, to each shard they need, inside it.
  const all: RedisClusterClient[] = [commands];
  const readyListeners: (() => void)[] = [];
  const watchReady = (cluster: RedisClusterClient): void => {
    cluster.on('node-ready', () => {
      for (const listener of readyListeners) listener();
    });
  };
  watchReady(commands);
  return {
    cluster: true,
    commands: new ClusterCommands(commands),
    pubSub: {
      subscribe: (channel, listener) => commands.sSubscribe(channel, listener),
      unsubscribe: (channel, listener) => commands.sUnsubscribe(channel, listener),
      publish: (channel, message) => commands.sendCommand(channel, false, ['SPUBLISH', channel, message]),
      get isOpen() {
        return commands.isOpen;
      },
    },
    connect: async () => {
      await commands.connect();
    },
    openReader: async () => {
      // Its own cluster client, so a blocked XREAD holds none of the connections commands use.
      const reader = make();
      all.push(reader);
      watchReady(reader);
      await reader.connect();
      return new ClusterCommands(reader);
    },
    onReady: (listener) => {
      readyListeners.push(listener);
    },
    isReady: () => all.every((cluster) => cluster.isReady),
    close: async () => {
      const [first, ...readers] = all;
      for (const reader of readers) if (reader.isOpen) reader.destroy();
      if (first?.isOpen) await first.close().catch(() => first.destroy());
    },
    destroy: () => {
      for (const cluster of all) if (cluster.isOpen) cluster.destroy();
    },
  };
}

/** Where the connection goes, for messages: the URL (or URLs) without passwords. */
function describeTarget(options: RedisConnectionOptions): string {
  if ((options.url === undefined) === (options.clusterUrls === undefined) || options.clusterUrls?.length === 0) {
    throw new RejoinError(
      'config/invalid',
      '[rejoin] Redis needs exactly one of `url` (a single Redis) or `clusterUrls` (some nodes of a Redis Cluster).',
    );
  }
  return options.url === undefined ? `the cluster ${(options.clusterUrls ?? []).map(redactUrl).join(', ')}` : redactUrl(options.url);
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
