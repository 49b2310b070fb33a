import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HistoryMessage } from '@rejoin/core';
import {
  createRejoinServer,
  createSimulatedModel,
  createStaticHandler,
  MemoryConversationStore,
  MemoryStreamStore,
  type RejoinServer,
  type Respond,
} from '@rejoin/server';

export interface DemoServerOptions {
  /** The built demo to serve (`e2e/dist/<framework>`). */
  readonly staticDir: string;
  /** The simulated model's pace. @default 60 */
  readonly tokensPerSecond?: number;
  /** The model, if not the simulated one at `tokensPerSecond` (e.g. one a test holds mid-reply). */
  readonly respond?: Respond;
}

/** How the chat backend goes down: `graceful` is the reference server's `close()`; `crash` also cuts every socket at once, as a killed process would. */
export type StopMode = 'graceful' | 'crash';

/**
 * The demo as a deployment serves it: a front HTTP server that serves the built page and forwards
 * WebSocket upgrades on `/ws` to the current chat backend, a real `createRejoinServer` on its own
 * port. The backend can be stopped and started again behind the same URL with the same stores,
 * while the page stays reachable (a reload during the outage loads the app, whose socket then
 * finds no backend), as with a static host in front of a chat service that restarts.
 */
export interface DemoServer {
  /** The page's address, `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Shared by every backend this server starts. */
  readonly stores: { readonly conversations: MemoryConversationStore; readonly streams: MemoryStreamStore };
  readonly backendRunning: boolean;
  /** WebSockets open on the backend now: one per browser and user when tabs coordinate. */
  readonly openConnections: number;
  /** WebSocket upgrades forwarded to a backend since the start: a new leader tab's connection counts one. */
  readonly connectionsOpened: number;
  /**
   * Takes the backend down. New upgrades get 503 at once; the old backend's running generations
   * finish into the shared stores in the background (its `shutdown: 'finish'`), as they would in a
   * replica that drains while the next one starts.
   */
  stopBackend(mode?: StopMode): Promise<void>;
  /** Starts a new backend on the same stores; resolves once it accepts connections. */
  startBackend(): Promise<void>;
  /** The conversation as the server stores it. */
  history(conversationId: string): Promise<readonly HistoryMessage[]>;
  /** The text the server has generated so far for an assistant message (its stored chunks), even mid-stream. */
  streamedText(messageId: string): Promise<string>;
  /** Waits until the conversation's last assistant message is no longer streaming, and returns the history. */
  settledHistory(conversationId: string, timeoutMs?: number): Promise<readonly HistoryMessage[]>;
  close(): Promise<void>;
}

/** Starts the front server and a first backend, both on 127.0.0.1 and ephemeral ports. */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const stores = { conversations: new MemoryConversationStore(), streams: new MemoryStreamStore() };
  const respond = options.respond ?? createSimulatedModel({ tokensPerSecond: options.tokensPerSecond ?? 60 });
  const serveStatic = createStaticHandler(options.staticDir);

  let backend: { readonly server: RejoinServer; readonly port: number; readonly sockets: Set<Duplex> } | null = null;
  const draining = new Set<Promise<void>>();
  let connectionsOpened = 0;

  const front: Server = createServer((request, response) => {
    void serveStatic(request, response).then((served) => {
      if (served) return;
      response.writeHead(404).end();
    });
  });
  front.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (backend === null) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    connectionsOpened += 1;
    forward(request, socket, head, backend.port, backend.sockets);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const frontPort = (front.address() as AddressInfo).port;

  const startBackend = async (): Promise<void> => {
    if (backend !== null) throw new Error('[rejoin] e2e: the backend is already running; stop it first.');
    const server = createRejoinServer({ host: '127.0.0.1', port: 0, respond, stores });
    const { port } = await server.listen();
    backend = { server, port, sockets: new Set() };
  };

  const stopBackend = async (mode: StopMode = 'graceful'): Promise<void> => {
    const current = backend;
    if (current === null) return;
    backend = null;
    const closed = current.server.close();
    if (mode === 'crash') for (const socket of current.sockets) socket.destroy();
    draining.add(closed);
    void closed.finally(() => draining.delete(closed));
  };

  const history = (conversationId: string) => stores.conversations.history(conversationId);

  const streamedText = async (messageId: string): Promise<string> => {
    const chunks = await stores.streams.read(messageId, 0);
    return (chunks ?? []).map((chunk) => chunk.text).join('');
  };

  const settledHistory = async (conversationId: string, timeoutMs = 45_000): Promise<readonly HistoryMessage[]> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const messages = await history(conversationId);
      if (!messages.some((message) => message.status === 'streaming')) return messages;
      if (Date.now() > deadline) throw new Error(`[rejoin] e2e: conversation ${conversationId} still streaming after ${timeoutMs} ms.`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  const close = async (): Promise<void> => {
    await stopBackend('crash');
    await Promise.all([...draining]);
    front.closeAllConnections();
    await new Promise<void>((resolve) => front.close(() => resolve()));
    await Promise.all([stores.conversations.close(), stores.streams.close()]);
  };

  await startBackend();
  return {
    url: `http://127.0.0.1:${frontPort}/`,
    stores,
    get backendRunning() {
      return backend !== null;
    },
    get openConnections() {
      return backend?.sockets.size ?? 0;
    },
    get connectionsOpened() {
      return connectionsOpened;
    },
    stopBackend,
    startBackend,
    history,
    streamedText,
    settledHistory,
    close,
  };
}

/**
 * Hands an upgrade request to the backend unchanged and pipes the two sockets together, like a
 * TCP-level proxy: the backend sees the browser's own handshake and frames.
 */
function forward(request: IncomingMessage, client: Duplex, head: Buffer, port: number, sockets: Set<Duplex>): void {
  const upstream: Socket = connect(port, '127.0.0.1');
  sockets.add(client);
  const drop = (): void => {
    sockets.delete(client);
    client.destroy();
    upstream.destroy();
  };
  upstream.once('connect', () => {
    const lines = [`${request.method ?? 'GET'} ${request.url ?? '/'} HTTP/${request.httpVersion}`];
    for (let index = 0; index < request.rawHeaders.length; index += 2) {
      lines.push(`${request.rawHeaders[index]}: ${request.rawHeaders[index + 1]}`);
    }
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', drop);
  upstream.once('close', drop);
  client.on('error', drop);
  client.once('close', drop);
}
