import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { RejoinError } from '@rejoin/core/protocol';
import { WebSocketServer, type WebSocket } from 'ws';
import { authorizeOwner } from '../auth/Authorize.ts';
import { createTokenAuthenticator } from '../auth/createTokenAuthenticator.ts';
import { ClientSession } from '../connection/ClientSession.ts';
import { FlushScheduler } from '../connection/FlushScheduler.ts';
import { StreamFrameEncoder } from '../connection/StreamFrameEncoder.ts';
import { createSimulatedModel } from '../generation/simulatedModel.ts';
import { resolveHeartbeat } from '../heartbeat/HeartbeatOptions.ts';
import { IdleSweeper } from '../heartbeat/IdleSweeper.ts';
import { createStaticHandler, type RequestHandler } from '../http/createStaticHandler.ts';
import { resolveLimits } from '../limits/ServerLimits.ts';
import { createLogger, errorFields } from '../logging/createLogger.ts';
import { MemoryConversationStore } from '../stores/memory/MemoryConversationStore.ts';
import { DEFAULT_RETENTION_MS, MemoryStreamStore } from '../stores/memory/MemoryStreamStore.ts';
import { type ActiveGeneration, GenerationRegistry } from '../streams/GenerationRegistry.ts';
import type { RejoinServerOptions, RejoinStores } from './RejoinServerOptions.ts';

/** Where a listening server can be reached. */
export interface RejoinServerAddress {
  readonly host: string;
  readonly port: number;
  /** The WebSocket endpoint, e.g. `ws://127.0.0.1:8787/ws`. */
  readonly url: string;
  /** The HTTP origin, e.g. `http://127.0.0.1:8787` (where `staticDir` is served). */
  readonly httpUrl: string;
}

export interface RejoinServer {
  /** Starts listening; resolves with where to connect. */
  listen(): Promise<RejoinServerAddress>;
  /**
   * Shuts down gracefully: refuses new connections, sends every client `shutting_down` (fatal)
   * and closes it with 1001, lets running generations finish into the stores or aborts them
   * (option `shutdown`), then closes the stores it created. Safe to call more than once.
   */
  close(): Promise<void>;
  /** Where the server listens, once `listen()` has resolved; null before and after. */
  readonly address: RejoinServerAddress | null;
  /** The stores in use (the in-memory ones unless you passed your own). */
  readonly stores: RejoinStores;
  /** The generations running in this process. */
  activeGenerations(): readonly ActiveGeneration[];
  /** How many WebSocket connections are open. */
  readonly connectionCount: number;
}

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5000;
/** How long `close()` waits for clients to answer the close handshake before cutting them off. */
const CLOSE_HANDSHAKE_TIMEOUT_MS = 1000;

/** Creates the reference Rejoin server. Nothing happens until `listen()`. */
export function createRejoinServer(options: RejoinServerOptions = {}): RejoinServer {
  const logger = options.logger ?? createLogger();
  const now = options.now ?? Date.now;
  const limits = resolveLimits(options.limits);
  const heartbeat = resolveHeartbeat(options.heartbeat);
  const path = options.path ?? '/ws';
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!path.startsWith('/')) {
    throw new RejoinError('config/invalid', `[rejoin] path must start with "/", got "${path}".`);
  }

  const ownConversations = options.stores?.conversations === undefined;
  const ownStreams = options.stores?.streams === undefined;
  const stores: RejoinStores = {
    conversations: options.stores?.conversations ?? new MemoryConversationStore({ now }),
    streams: options.stores?.streams ?? new MemoryStreamStore({ retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS, now }),
  };
  const registry = new GenerationRegistry({
    conversations: stores.conversations,
    streams: stores.streams,
    respond: options.respond ?? createSimulatedModel(),
    logger,
    now,
    maxToolOutputBytes: limits.maxToolOutputBytes,
  });
  const authenticate = options.authenticate ?? createTokenAuthenticator();
  const authorize = options.authorize ?? authorizeOwner;

  const ownsHttpServer = options.httpServer === undefined;
  const staticHandler: RequestHandler | null =
    options.staticDir === undefined ? null : createStaticHandler(options.staticDir);
  const httpServer: Server = options.httpServer ?? createServer((request, response) => {
    void (async () => {
      if (staticHandler !== null && (await staticHandler(request, response))) return;
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`Not found. Rejoin's WebSocket endpoint is ${path}.`);
    })().catch((error: unknown) => {
      logger.error('http request failed', errorFields(error));
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  // Compression stays off: it costs CPU and memory per connection for small frames. maxPayload is
  // the hard cap of protocol v1 "Limits": up to it an oversized frame is read and answered
  // frame_too_large; beyond it ws closes with 1009 without reading the message, so one client
  // cannot make the server buffer an unbounded message.
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes * 4, perMessageDeflate: false });
  const sessions = new Set<ClientSession>();
  const flushes = new FlushScheduler();
  const streamFrames = new StreamFrameEncoder();
  const sweeper = new IdleSweeper(() => sessions, heartbeat.idleTimeoutMs, now);
  let address: RejoinServerAddress | null = null;
  let closing: Promise<void> | null = null;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname !== path) {
      // On a server we own, nobody else will answer; on yours, other upgrade handlers may.
      if (ownsHttpServer) rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    if (closing !== null) {
      rejectUpgrade(socket, 503, 'Service Unavailable');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, request));
  };

  const accept = (ws: WebSocket, request: IncomingMessage): void => {
    const session = new ClientSession(ws, request, {
      conversations: stores.conversations,
      streams: stores.streams,
      registry,
      authenticate,
      authorize,
      limits,
      heartbeatMs: heartbeat.intervalMs,
      logger,
      now,
      interceptDelivery: options.interceptDelivery,
      flushes,
      streamFrames,
      onClosed: (closed) => sessions.delete(closed),
    });
    sessions.add(session);
  };

  httpServer.on('upgrade', onUpgrade);

  // A networked store that drops its connection can no longer feed live followers: close every
  // connection with a clear error instead of letting clients wait on a silent stream.
  const unwatchStores = stores.streams.onUnavailable?.((error) => {
    logger.error('stream store unavailable; closing connections', { connections: sessions.size, ...errorFields(error) });
    for (const session of [...sessions]) session.storeUnavailable();
  });

  const listen = async (): Promise<RejoinServerAddress> => {
    if (closing !== null) throw new RejoinError('config/invalid', '[rejoin] This server was closed; create a new one.');
    if (!httpServer.listening) {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error): void => reject(error);
        httpServer.once('error', onError);
        httpServer.listen(port, host, () => {
          httpServer.off('error', onError);
          resolve();
        });
      });
    }
    const info = httpServer.address() as AddressInfo;
    const urlHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
    address = {
      host: info.address,
      port: info.port,
      url: `ws://${urlHost}:${info.port}${path}`,
      httpUrl: `http://${urlHost}:${info.port}`,
    };
    sweeper.start();
    logger.info('listening', { url: address.url });
    return address;
  };

  const shutdown = async (): Promise<void> => {
    logger.info('shutting down', { connections: sessions.size });
    sweeper.stop();
    unwatchStores?.();
    for (const session of [...sessions]) session.shutdown();
    const generations = registry.close({
      generations: options.shutdown?.generations ?? 'finish',
      timeoutMs: options.shutdown?.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
    });
    const httpClosed = ownsHttpServer && httpServer.listening
      ? new Promise<void>((resolve) => httpServer.close(() => resolve()))
      : Promise.resolve();
    httpServer.closeIdleConnections?.();
    await Promise.all([generations, closeSockets(wss, CLOSE_HANDSHAKE_TIMEOUT_MS)]);
    httpServer.off('upgrade', onUpgrade);
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await Promise.all([ownConversations ? stores.conversations.close() : undefined, ownStreams ? stores.streams.close() : undefined]);
    httpServer.closeAllConnections?.();
    await httpClosed;
    address = null;
    logger.info('closed');
  };

  return {
    listen,
    close: () => (closing ??= shutdown()),
    get address() {
      return address;
    },
    stores,
    activeGenerations: () => registry.active(),
    get connectionCount() {
      return sessions.size;
    },
  };
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Resolves when every socket has closed; cuts off the ones still open after `timeoutMs`. */
async function closeSockets(wss: WebSocketServer, timeoutMs: number): Promise<void> {
  const open = [...wss.clients].filter((ws) => ws.readyState !== ws.CLOSED);
  if (open.length === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.all(open.map((ws) => new Promise<void>((resolve) => {
      if (ws.readyState === ws.CLOSED) resolve();
      else ws.once('close', () => resolve());
    }))),
    new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        for (const ws of open) ws.terminate();
        resolve();
      }, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}
