import { WebSocket, WebSocketServer } from 'ws';

type Frames = readonly Record<string, unknown>[];

/**
 * One way to break a server: rewrites the frames crossing the proxy (return null to drop one).
 * `toClient` may answer later (a promise): that connection's later frames wait behind it, as on a
 * slow link, while other connections go on.
 */
export interface Fault {
  readonly toServer?: (frame: Record<string, unknown>) => Record<string, unknown> | null;
  readonly toClient?: (frame: Record<string, unknown>) => Frames | Promise<Frames>;
}

export interface FaultyProxy {
  readonly url: string;
  readonly close: () => Promise<void>;
}

/**
 * A WebSocket proxy in front of a conforming server that injects one fault: how the suite's own
 * tests build deliberately broken servers out of the reference one. Non-JSON text passes unchanged.
 */
export async function createFaultyProxy(upstreamUrl: string, fault: Fault): Promise<FaultyProxy> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const upstreams = new Set<WebSocket>();
  wss.on('connection', (client) => {
    const upstream = new WebSocket(upstreamUrl);
    upstreams.add(upstream);
    const pending: string[] = [];
    const rewrite = <T>(text: string, apply: ((frame: Record<string, unknown>) => T) | undefined, unchanged: T): T => {
      if (apply === undefined) return unchanged;
      try {
        return apply(JSON.parse(text) as Record<string, unknown>);
      } catch {
        return unchanged;
      }
    };
    client.on('message', (data, isBinary) => {
      if (isBinary) return upstream.readyState === WebSocket.OPEN ? upstream.send(data, { binary: true }) : undefined;
      const text = data.toString();
      const frame = rewrite<Record<string, unknown> | null | string>(text, fault.toServer, text);
      if (frame === null) return;
      const out = typeof frame === 'string' ? frame : JSON.stringify(frame);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(out);
      else pending.push(out);
    });
    upstream.on('open', () => {
      for (const text of pending.splice(0)) upstream.send(text);
    });
    // Frames to the client leave in order, also behind one the fault holds back.
    let toClient: Promise<void> = Promise.resolve();
    upstream.on('message', (data) => {
      const text = data.toString();
      const rewritten = rewrite<Frames | Promise<Frames> | readonly string[]>(text, fault.toClient, [text]);
      toClient = toClient.then(async () => {
        for (const frame of await rewritten) if (client.readyState === WebSocket.OPEN) client.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
      });
    });
    upstream.on('close', (code) => client.close(code === 1005 || code === 1006 ? 1000 : code));
    upstream.on('error', () => client.terminate());
    client.on('close', () => upstream.close());
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of upstreams) socket.terminate();
        for (const socket of wss.clients) socket.terminate();
        wss.close(() => resolve());
      }),
  };
}
