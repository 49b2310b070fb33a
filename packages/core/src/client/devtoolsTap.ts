import type { Clock } from '../environment/Clock.ts';
import { utf8ByteLength } from '../protocol/frameChecks.ts';
import type { Transport, TransportConnection } from '../socket/Transport.ts';

/** One frame as it crossed the wire, for devtools. */
export interface ObservedFrame {
  /** `in` from the server, `out` to it. */
  readonly direction: 'in' | 'out';
  /** When it crossed (the client's clock, ms since epoch). */
  readonly at: number;
  /** Its UTF-8 size, as protocol v1 counts it. */
  readonly bytes: number;
  /**
   * The frame as parsed JSON, before validation: an inbound frame the client rejects shows as it
   * came. `null` when the text is not JSON. Holds message text and, in `hello`, the token.
   */
  readonly frame: unknown;
}

/** What devtools need from a client and nobody else should call. Development tooling only. */
export interface ClientDevtools {
  /**
   * Calls `listener` for every frame in and out. Costs one size check per frame while nobody
   * listens. Returns the unsubscribe function.
   */
  observeFrames(listener: (frame: ObservedFrame) => void): () => void;
  /** Closes the live socket, as a network drop would: the machine sees it close and reconnects. */
  dropConnection(): void;
  /**
   * `true` acts as the browser going offline: the machine hears `BROWSER_OFFLINE`, and every
   * connection attempt fails until `false`, which it hears as `BROWSER_ONLINE`.
   */
  setOffline(offline: boolean): void;
  readonly offline: boolean;
}

/** The code a connection refused by simulated offline closes with (1006: closed abnormally). */
const OFFLINE_CLOSE_CODE = 1006;

/**
 * Wraps the transport the machine's socket actor uses, so devtools can watch its frames and act on
 * it as the network would, without the machine knowing: the machine meets a real close, a real
 * failed attempt, exactly the paths it takes in the wild.
 */
export function createDevtoolsTap(
  transport: Transport,
  clock: Clock,
  signalBrowser: (online: boolean) => void,
): { readonly transport: Transport; readonly devtools: ClientDevtools } {
  const listeners = new Set<(frame: ObservedFrame) => void>();
  let live: TransportConnection | null = null;
  let offline = false;

  const observe = (direction: ObservedFrame['direction'], data: unknown): void => {
    if (listeners.size === 0 || typeof data !== 'string') return;
    let frame: unknown = null;
    try {
      frame = JSON.parse(data);
    } catch {
      // Not JSON: shown as null; the socket actor reports it as an invalid frame.
    }
    const observed: ObservedFrame = { direction, at: clock.now(), bytes: utf8ByteLength(data), frame };
    for (const listener of listeners) listener(observed);
  };

  const tapped: Transport = {
    connect(handlers) {
      if (offline) {
        // An offline browser fails the attempt at once, after the caller has its connection.
        const handle = clock.setTimeout(() => handlers.onClose(OFFLINE_CLOSE_CODE, 'offline (devtools)'), 0);
        return { send() {}, close: () => clock.clearTimeout(handle) };
      }
      const connection = transport.connect({
        onOpen: handlers.onOpen,
        onMessage(data) {
          observe('in', data);
          handlers.onMessage(data);
        },
        onClose(code, reason) {
          if (live === connection) live = null;
          handlers.onClose(code, reason);
        },
      });
      live = connection;
      return {
        send(data) {
          observe('out', data);
          connection.send(data);
        },
        close(code, reason) {
          if (live === connection) live = null;
          connection.close(code, reason);
        },
      };
    },
  };

  return {
    transport: tapped,
    devtools: {
      observeFrames(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      dropConnection() {
        live?.close(4000, 'dropped from devtools');
      },
      setOffline(next) {
        if (next === offline) return;
        offline = next;
        // The machine leaves a live connection on BROWSER_OFFLINE and stops its socket itself.
        signalBrowser(!next);
      },
      get offline() {
        return offline;
      },
    },
  };
}
