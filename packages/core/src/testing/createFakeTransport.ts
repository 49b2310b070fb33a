import type { ClientFrame, ServerFrame } from '../protocol/frames.ts';
import type { Transport, TransportConnection, TransportHandlers } from '../socket/Transport.ts';

/** One connection the client opened through the fake transport, seen from the server's side. */
export interface FakeConnection {
  /** Frames the client sent on this connection, decoded, oldest first. */
  readonly sent: ClientFrame[];
  readonly state: 'opening' | 'open' | 'closed';
  /** Completes the opening handshake. */
  accept(): void;
  /** Delivers a frame (or any raw text, to test validation) to the client. */
  deliver(frame: ServerFrame | string): void;
  /** Closes from the server side. */
  drop(code?: number, reason?: string): void;
}

export interface FakeTransport {
  readonly transport: Transport;
  /** Every connection ever opened, oldest first. */
  readonly connections: readonly FakeConnection[];
  /** The newest connection, if any. */
  readonly current: FakeConnection | undefined;
  /** Called when the client opens a connection (e.g. to auto-accept it). */
  onConnect: ((connection: FakeConnection) => void) | null;
  /** Called for every frame the client sends. */
  onFrame: ((connection: FakeConnection, frame: ClientFrame) => void) | null;
}

/**
 * A scripted transport: nothing happens unless the test says so. Use it to put the client in any
 * state by hand; use `createFakeServer` when you want a server that answers by itself.
 */
export function createFakeTransport(): FakeTransport {
  const connections: FakeConnection[] = [];
  const fake: FakeTransport = {
    connections,
    get current() {
      return connections[connections.length - 1];
    },
    onConnect: null,
    onFrame: null,
    transport: {
      connect(handlers: TransportHandlers): TransportConnection {
        let state: FakeConnection['state'] = 'opening';
        const close = (code: number, reason: string): void => {
          if (state === 'closed') return;
          state = 'closed';
          handlers.onClose(code, reason);
        };
        const connection: FakeConnection = {
          sent: [],
          get state() {
            return state;
          },
          accept() {
            if (state !== 'opening') return;
            state = 'open';
            handlers.onOpen();
          },
          deliver(frame) {
            if (state !== 'open') return;
            handlers.onMessage(typeof frame === 'string' ? frame : JSON.stringify(frame));
          },
          drop(code = 1006, reason = '') {
            close(code, reason);
          },
        };
        connections.push(connection);
        fake.onConnect?.(connection);
        return {
          send(data) {
            if (state !== 'open') return;
            const frame = JSON.parse(data) as ClientFrame;
            connection.sent.push(frame);
            fake.onFrame?.(connection, frame);
          },
          close(code = 1000, reason = '') {
            close(code, reason);
          },
        };
      },
    },
  };
  return fake;
}
