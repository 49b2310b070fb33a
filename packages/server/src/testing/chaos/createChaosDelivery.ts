import type { ServerFrame } from '@rejoin/core/protocol';
import type { DeliveryInterceptor } from '../../connection/SocketWriter.ts';
import { createSeededRandom } from './seededRandom.ts';

export interface ChaosDeliveryOptions {
  /** Seeds every choice, so a failing session replays. */
  readonly seed: number;
  /** Chance that a chunk is delivered twice. @default 0.08 */
  readonly duplicateRate?: number;
  /** Chance that a chunk is held back and delivered after the frame that follows it. @default 0.08 */
  readonly reorderRate?: number;
  /** A held chunk that no other frame overtakes within this long is delivered anyway. @default 15 */
  readonly maxHoldMs?: number;
}

export interface ChaosDeliveryStats {
  /** Chunks delivered twice. */
  readonly duplicated: number;
  /** Chunks delivered after the frame that followed them. */
  readonly reordered: number;
}

export interface ChaosDelivery {
  /** Pass as `createRejoinServer({ interceptDelivery })`. */
  readonly intercept: DeliveryInterceptor;
  readonly stats: ChaosDeliveryStats;
  /** Turns the chaos off (held chunks are delivered at once) or back on. */
  setEnabled(enabled: boolean): void;
}

interface SocketState {
  readonly deliver: (frame: ServerFrame) => void;
  held: ServerFrame | null;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * TEST ONLY. A delivery interceptor that breaks the server's promise of in-order, exactly-once
 * chunk delivery on purpose, to prove that clients still end with the right text: it duplicates
 * chunks and swaps a chunk with the frame after it (another chunk, a `message_end`, anything).
 * Other frames pass through untouched, and nothing is ever dropped.
 *
 * State is kept per socket (the `deliver` function a socket writer hands over is stable for the
 * socket's life), so one interceptor serves a whole server.
 */
export function createChaosDelivery(options: ChaosDeliveryOptions): ChaosDelivery {
  const random = createSeededRandom(options.seed);
  const duplicateRate = options.duplicateRate ?? 0.08;
  const reorderRate = options.reorderRate ?? 0.08;
  const maxHoldMs = options.maxHoldMs ?? 15;
  const sockets = new WeakMap<(frame: ServerFrame) => void, SocketState>();
  let enabled = true;
  let duplicated = 0;
  let reordered = 0;
  /** Sockets holding a chunk, so disabling can release them all. */
  const holding = new Set<SocketState>();

  const release = (state: SocketState): void => {
    if (state.timer !== null) clearTimeout(state.timer);
    state.timer = null;
    holding.delete(state);
    const held = state.held;
    state.held = null;
    if (held !== null) state.deliver(held);
  };

  const intercept: DeliveryInterceptor = (frame, deliver) => {
    let state = sockets.get(deliver);
    if (state === undefined) {
      state = { deliver, held: null, timer: null };
      sockets.set(deliver, state);
    }
    if (!enabled) {
      release(state);
      deliver(frame);
      return;
    }
    if (state.held !== null) {
      // The held chunk goes after this frame, whatever it is: that is the reordering.
      deliver(frame);
      reordered += 1;
      release(state);
      return;
    }
    if (frame.type !== 'chunk') {
      deliver(frame);
      return;
    }
    if (random.chance(reorderRate)) {
      const holder = state;
      holder.held = frame;
      holding.add(holder);
      holder.timer = setTimeout(() => release(holder), maxHoldMs);
      holder.timer.unref?.();
      return;
    }
    deliver(frame);
    if (random.chance(duplicateRate)) {
      duplicated += 1;
      deliver(frame);
    }
  };

  return {
    intercept,
    get stats() {
      return { duplicated, reordered };
    },
    setEnabled(value) {
      enabled = value;
      if (!value) {
        for (const state of [...holding]) release(state);
      }
    },
  };
}
