import { isDevelopment } from '../environment/isDevelopment.ts';
import { RejoinError } from '../errors/RejoinError.ts';
import type { Transport, TransportConnection, TransportHandlers } from './Transport.ts';

/** The WHATWG WebSocket surface we use; the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: any) => void): void;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface WebSocketTransportOptions {
  /** `ws://` or `wss://` URL of a protocol v1 server. */
  readonly url: string;
  /**
   * The WebSocket implementation. @default globalThis.WebSocket
   * Node 20 has none without a flag: pass `WebSocket` from the `ws` package.
   */
  readonly WebSocket?: WebSocketConstructor;
  readonly protocols?: string | string[];
}

const OPEN = 1;

/** A transport over one WebSocket per connection. */
export function createWebSocketTransport(options: WebSocketTransportOptions): Transport {
  const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (WebSocketImpl === undefined) {
    throw new RejoinError(
      'connection/failed',
      // The advice is development-only (see environment/isDevelopment.ts); production keeps the facts.
      isDevelopment
        ? 'No WebSocket implementation found. In Node 20, pass `WebSocket` from the "ws" package to createWebSocketTransport (or createChatClient).'
        : 'No WebSocket implementation found.',
    );
  }
  return {
    connect(handlers: TransportHandlers): TransportConnection {
      let closed = false;
      const finish = (code: number, reason: string): void => {
        if (closed) return;
        closed = true;
        handlers.onClose(code, reason);
      };
      let socket: WebSocketLike;
      try {
        socket = new WebSocketImpl(options.url, options.protocols);
      } catch (error) {
        // A malformed URL throws synchronously; report it like any failed connection, asynchronously.
        queueMicrotask(() => finish(1006, error instanceof Error ? error.message : 'invalid WebSocket URL'));
        return { send() {}, close() {} };
      }
      socket.addEventListener('open', () => {
        if (!closed) handlers.onOpen();
      });
      socket.addEventListener('message', (event: { data: unknown }) => {
        if (!closed) handlers.onMessage(event.data);
      });
      socket.addEventListener('close', (event: { code?: number; reason?: string }) => finish(event.code ?? 1006, event.reason ?? ''));
      // Browsers follow `error` with `close`; some implementations do not, so settle here too.
      socket.addEventListener('error', () => queueMicrotask(() => finish(1006, 'socket error')));
      return {
        send(data: string) {
          if (!closed && socket.readyState === OPEN) socket.send(data);
        },
        close(code = 1000, reason = '') {
          try {
            socket.close(code, reason);
          } catch {
            socket.close();
          }
          // The app asked for it: report the close now instead of waiting for the closing handshake.
          finish(code, reason);
        },
      };
    },
  };
}
