import { EventEmitter } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

export interface FaultProxyOptions {
  /**
   * The server to forward to, `ws://host:port`; each connection keeps its own path and query.
   * Plain HTTP requests go to the same host, so a page served there loads through the proxy and
   * its same-origin socket goes through it too.
   */
  readonly target: string;
  /** @default 0 (any free port) */
  readonly port?: number;
}

/** One browser connection through the proxy, and the server connection it is paired with. */
interface Pair {
  readonly client: WebSocket;
  readonly clientSocket: Socket;
  readonly upstream: WebSocket;
}

/**
 * A loopback WebSocket proxy for end-to-end tests of reconnection: point the app at `url` instead
 * of the server, and break the link the ways networks do. Every fault applies to the connections
 * open now; `setDelay` and `setHalfOpen` also to those opened later.
 */
export async function createFaultProxy(options: FaultProxyOptions) {
  const pairs = new Set<Pair>();
  let delayMs = 0;
  let halfOpen = false;
  let vanished = 0;
  const events = new EventEmitter<{ vanished: [count: number] }>();
  const targetHttp = new URL(options.target);
  targetHttp.protocol = targetHttp.protocol === 'wss:' ? 'https:' : 'http:';
  const http = createServer((request, response) => {
    const upstream = httpRequest(new URL(request.url ?? '/', targetHttp), { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  const wss = new WebSocketServer({ server: http });

  const forward = (to: WebSocket, data: RawData, isBinary: boolean): void => {
    // Half-open: frames vanish both ways, and nobody is told.
    if (halfOpen) {
      events.emit('vanished', ++vanished);
      return;
    }
    const send = (): void => {
      if (to.readyState === WebSocket.OPEN) to.send(data, { binary: isBinary });
    };
    if (delayMs === 0) send();
    else setTimeout(send, delayMs);
  };

  wss.on('connection', (client: WebSocket, request: IncomingMessage) => {
    const upstream = new WebSocket(new URL(request.url ?? '/', options.target));
    const pair: Pair = { client, clientSocket: request.socket, upstream };
    pairs.add(pair);
    // Frames the browser sends before the server's side is open wait for it, in order.
    const early: Array<[RawData, boolean]> = [];
    client.on('message', (data, isBinary) => {
      if (upstream.readyState === WebSocket.CONNECTING) early.push([data, isBinary]);
      else forward(upstream, data, isBinary);
    });
    upstream.on('open', () => {
      for (const [data, isBinary] of early.splice(0)) forward(upstream, data, isBinary);
    });
    upstream.on('message', (data, isBinary) => forward(client, data, isBinary));
    // A close on one side closes the other with the same code (1005 and 1006 cannot be sent).
    const sendable = (code: number): number => (code === 1005 || code === 1006 ? 1011 : code);
    upstream.on('close', (code, reason) => {
      pairs.delete(pair);
      if (client.readyState === WebSocket.OPEN) client.close(sendable(code), reason);
    });
    client.on('close', (code, reason) => {
      pairs.delete(pair);
      if (upstream.readyState === WebSocket.OPEN) upstream.close(sendable(code), reason);
      else upstream.terminate();
    });
    upstream.on('error', () => client.terminate());
    client.on('error', () => upstream.terminate());
  });

  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  return {
    /** Where the app connects instead of the server: `ws://127.0.0.1:<port>`. */
    url: `ws://127.0.0.1:${port}`,
    /** The same, for loading a page served by the target through the proxy. */
    httpUrl: `http://127.0.0.1:${port}`,
    /** Emits `vanished` with the running count for each frame lost while half-open. */
    events,
    /** Connections open now. */
    get connections(): number {
      return pairs.size;
    },
    /** Closes every browser connection with `code` (1000: clean; 1012: a restart). */
    drop(code = 1000, reason = ''): void {
      for (const pair of pairs) pair.client.close(code, reason);
    },
    /** While on, frames vanish both ways and no close is signalled: only a heartbeat can tell. */
    setHalfOpen(value: boolean): void {
      halfOpen = value;
    },
    /** Delays every frame by `ms`, each way (a slow network). */
    setDelay(ms: number): void {
      delayMs = ms;
    },
    /**
     * Cuts every browser connection in the middle of a frame: the header of a text frame announcing
     * more bytes than follow, then the TCP connection ends. The browser sees an abnormal close (1006).
     */
    cutMidFrame(): void {
      for (const pair of pairs) {
        // FIN + text opcode, a 16-bit length of 256, and only the first bytes of the payload.
        pair.clientSocket.write(Buffer.concat([Buffer.from([0x81, 126, 0x01, 0x00]), Buffer.from('{"type":"chunk"')]));
        pair.clientSocket.destroy();
        pair.upstream.terminate();
      }
    },
    /** Stops listening and ends every connection. */
    async close(): Promise<void> {
      for (const pair of pairs) {
        pair.client.terminate();
        pair.upstream.terminate();
      }
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

export type FaultProxy = Awaited<ReturnType<typeof createFaultProxy>>;
