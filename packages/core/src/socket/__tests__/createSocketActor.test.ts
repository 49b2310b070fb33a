import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChatClient } from '../../client/createChatClient.ts';
import type { ServerFrame } from '../../protocol/frames.ts';
import { FakeClock } from '../../testing/FakeClock.ts';
import type { Transport, TransportHandlers } from '../Transport.ts';

const welcome: ServerFrame = {
  type: 'welcome',
  v: 1,
  sessionId: 's1',
  activeStreams: [],
  lostStreams: [],
  limits: { maxFrameBytes: 1_048_576, maxMessageChars: 8_000 },
  heartbeatMs: 30_000,
};

/**
 * Sockets that report nothing on their own: the test plays the network. `close()` only records the
 * request, as a real WebSocket whose closing handshake is still under way: its `close` event, or a
 * message already in flight, can come later.
 */
function scriptedTransport() {
  const sockets: { handlers: TransportHandlers; sent: string[]; closeRequested: boolean }[] = [];
  const transport: Transport = {
    connect(handlers) {
      const socket = { handlers, sent: [] as string[], closeRequested: false };
      sockets.push(socket);
      return { send: (data) => socket.sent.push(data), close: () => void (socket.closeRequested = true) };
    },
  };
  return { transport, sockets };
}

function connectedClient(options: { closesSynchronously?: boolean } = {}) {
  const clock = new FakeClock();
  const { transport, sockets } = scriptedTransport();
  const reachedMachine: string[] = [];
  const client = createChatClient({
    transport: options.closesSynchronously
      ? {
          // A transport that reports its own close at once, from inside `close()`.
          connect: (handlers) => {
            const connection = transport.connect(handlers);
            return { ...connection, close: (code, reason) => (connection.close(code, reason), handlers.onClose(code ?? 1000, reason ?? '')) };
          },
        }
      : transport,
    namespace: 'user-1',
    storage: null,
    clock,
    frameBatchMs: 0,
    config: { handshakeTimeoutMs: 1_000, backoffBaseMs: 100 },
    inspect: (event) => {
      // Events received by the machine itself (the root actor), not by its socket.
      if (event.type === '@xstate.event' && event.actorRef.sessionId === event.rootId) reachedMachine.push(event.event.type);
    },
  });
  return { clock, sockets, client, reachedMachine };
}

describe('the socket actor', () => {
  // A fixed jitter seed (createChatClient draws one at random): no run meets a zero backoff that
  // would start the next attempt within the step that timed the last one out.
  beforeEach(() => void vi.spyOn(Math, 'random').mockReturnValue(0.5));
  afterEach(() => vi.restoreAllMocks());

  it('writes what the machine sends and turns frames into machine events', () => {
    const { sockets, client, reachedMachine } = connectedClient();
    sockets[0]!.handlers.onOpen();
    expect(sockets[0]!.sent.map((data) => JSON.parse(data).type)).toEqual(['hello']);
    sockets[0]!.handlers.onMessage(JSON.stringify(welcome));
    expect(reachedMachine).toContain('SERVER.WELCOME');
    expect(client.getSnapshot().matches({ connected: 'ready' })).toBe(true);
  });

  it('is closed when the connection it served is over', () => {
    const { clock, sockets, client } = connectedClient();
    sockets[0]!.handlers.onOpen();
    clock.advance(1_000); // no welcome: the handshake times out
    expect(client.getSnapshot().matches('disconnected')).toBe(true);
    expect(sockets[0]!.closeRequested).toBe(true);
  });

  it('never lets a superseded socket reach the machine: a late close or frame of the old socket leaves the new one alone', () => {
    const { clock, sockets, client, reachedMachine } = connectedClient();
    sockets[0]!.handlers.onOpen();
    clock.advance(1_000); // the handshake times out; the first socket is asked to close
    clock.advance(client.getSnapshot().context.retryDelayMs);
    expect(sockets).toHaveLength(2);
    sockets[1]!.handlers.onOpen();
    sockets[1]!.handlers.onMessage(JSON.stringify(welcome));
    expect(client.getSnapshot().matches({ connected: 'ready' })).toBe(true);
    const before = reachedMachine.length;

    // The old socket's closing handshake ends now, after a frame that was still in flight.
    sockets[0]!.handlers.onMessage(JSON.stringify({ type: 'error', code: 'unauthorized', message: 'stale', fatal: true }));
    sockets[0]!.handlers.onClose(1006, 'gone');

    expect(reachedMachine.slice(before)).toEqual([]);
    expect(client.getSnapshot().matches({ connected: 'ready' })).toBe(true);
    expect(sockets[1]!.closeRequested).toBe(false);
  });

  it('drops the close a transport reports from inside close(), while the machine is stopping the socket', () => {
    const { clock, sockets, client, reachedMachine } = connectedClient({ closesSynchronously: true });
    sockets[0]!.handlers.onOpen();
    clock.advance(1_000);
    expect(client.getSnapshot().matches('disconnected')).toBe(true);
    expect(sockets[0]!.closeRequested).toBe(true);
    expect(reachedMachine).not.toContain('SOCKET.CLOSED');
  });
});
