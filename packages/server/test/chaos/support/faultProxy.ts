import net from 'node:net';
import type { SeededRandom } from '../../../src/testing/chaos/seededRandom.ts';
import { WebSocketFrameTracker } from './webSocketFrameTracker.ts';

/** Every fault the proxy can inject, counted for the closing report. */
export const FAULT_KINDS = ['cut', 'cutMidFrame', 'cutDuringUpgrade', 'freeze', 'delay', 'refuse'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultCounts = Record<FaultKind, number>;

export const noFaults = (): FaultCounts =>
  Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as FaultCounts;

/** One direction of a proxied connection: a FIFO, so a latency change can never reorder bytes. */
class Direction {
  private readonly queue: { at: number; data: Buffer }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  readonly tracker = new WebSocketFrameTracker();

  constructor(
    private readonly pair: Pair,
    private readonly target: net.Socket,
  ) {}

  push(data: Buffer, latencyMs: number): void {
    const last = this.queue.at(-1)?.at ?? 0;
    this.queue.push({ at: Math.max(Date.now() + latencyMs, last), data });
    this.pump();
  }

  private pump(): void {
    if (this.timer !== null) return;
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      const wait = head.at - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, wait);
        return;
      }
      this.queue.shift();
      if (!this.pair.forward(this, head.data)) return;
    }
  }

  write(data: Buffer): void {
    if (!this.target.destroyed) this.target.write(data);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }
}

interface PairHooks {
  readonly random: SeededRandom;
  readonly count: (kind: FaultKind) => void;
  readonly latency: () => number;
  readonly onEnd: (pair: Pair) => void;
}

/** One client connection and its upstream connection to the server. */
class Pair {
  frozen = false;
  /** Cut inside the next frame that passes, in either direction. */
  cutArmed = false;
  private ended = false;
  readonly up: Direction;
  readonly down: Direction;

  constructor(
    readonly client: net.Socket,
    readonly upstream: net.Socket,
    private readonly hooks: PairHooks,
  ) {
    this.up = new Direction(this, upstream);
    this.down = new Direction(this, client);
    // A half-open link loses what is sent into it; it does not buffer it for later.
    client.on('data', (data) => {
      if (!this.frozen) this.up.push(data, hooks.latency());
    });
    upstream.on('data', (data) => {
      if (!this.frozen) this.down.push(data, hooks.latency());
    });
    const end = (): void => this.destroy();
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }

  /** Writes one chunk on, or cuts inside it when a cut is armed. Returns false once destroyed. */
  forward(direction: Direction, data: Buffer): boolean {
    if (this.ended || this.frozen) return false;
    if (!this.cutArmed) {
      direction.tracker.midFrameOffsets(data);
      direction.write(data);
      return true;
    }
    const inUpgrade = direction.tracker.inUpgrade;
    const offsets = direction.tracker.midFrameOffsets(data);
    if (inUpgrade || offsets.length === 0) {
      const at = this.hooks.random.int(0, data.length);
      direction.write(data.subarray(0, at));
      this.hooks.count(inUpgrade ? 'cutDuringUpgrade' : 'cut');
    } else {
      direction.write(data.subarray(0, this.hooks.random.pick(offsets)));
      this.hooks.count('cutMidFrame');
    }
    this.destroy();
    return false;
  }

  destroy(): void {
    if (this.ended) return;
    this.ended = true;
    this.up.stop();
    this.down.stop();
    this.client.destroy();
    this.upstream.destroy();
    this.hooks.onEnd(this);
  }
}

export interface FaultProxy {
  readonly port: number;
  /** The WebSocket URL through the proxy. */
  readonly url: string;
  /** Faults injected so far, by kind. */
  readonly faults: FaultCounts;
  /** Connections open right now. */
  readonly openConnections: number;
  /** Destroys every open connection now, wherever their frames are. */
  cutAll(): void;
  /**
   * Each open connection is cut inside the next frame it carries (either direction): part of
   * the frame is delivered, then both sockets are destroyed. A connection idle for
   * `fallbackMs` is cut anyway.
   */
  cutMidFrame(fallbackMs?: number): void;
  /** Every open connection stops forwarding in both directions, with no FIN and no RST (half-open). */
  freeze(): void;
  /** Delays every byte by `ms` from now on (0 for none), keeping order. */
  setLatency(ms: number): void;
  /** While refusing, new connections are accepted and dropped at once. */
  setRefusing(refusing: boolean): void;
  /** Stops every fault: latency 0, no refusal, and frozen or doomed connections are closed. */
  heal(): void;
  close(): Promise<void>;
}

/**
 * A fault-injecting TCP proxy on 127.0.0.1 between WebSocket clients and a server. Every random
 * choice (where inside a frame to cut) comes from `random`, so a seeded session replays.
 */
export async function startFaultProxy(targetPort: number, random: SeededRandom): Promise<FaultProxy> {
  const pairs = new Set<Pair>();
  const faults = noFaults();
  let latencyMs = 0;
  let refusing = false;
  const fallbackTimers = new Set<ReturnType<typeof setTimeout>>();
  const hooks: PairHooks = {
    random,
    count: (kind) => {
      faults[kind] += 1;
    },
    latency: () => latencyMs,
    onEnd: (pair) => pairs.delete(pair),
  };

  const server = net.createServer((client) => {
    client.setNoDelay(true);
    if (refusing) {
      faults.refuse += 1;
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    upstream.setNoDelay(true);
    pairs.add(new Pair(client, upstream, hooks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    url: `ws://127.0.0.1:${port}/ws`,
    faults,
    get openConnections() {
      return pairs.size;
    },
    cutAll() {
      for (const pair of [...pairs]) {
        faults.cut += 1;
        pair.destroy();
      }
    },
    cutMidFrame(fallbackMs = 400) {
      const doomed = [...pairs].filter((pair) => !pair.frozen);
      for (const pair of doomed) pair.cutArmed = true;
      const timer = setTimeout(() => {
        fallbackTimers.delete(timer);
        for (const pair of doomed) {
          if (!pairs.has(pair)) continue;
          faults.cut += 1;
          pair.destroy();
        }
      }, fallbackMs);
      fallbackTimers.add(timer);
    },
    freeze() {
      for (const pair of pairs) {
        if (pair.frozen) continue;
        pair.frozen = true;
        faults.freeze += 1;
      }
    },
    setLatency(ms) {
      if (ms > 0 && ms !== latencyMs) faults.delay += 1;
      latencyMs = ms;
    },
    setRefusing(value) {
      refusing = value;
    },
    heal() {
      latencyMs = 0;
      refusing = false;
      for (const pair of [...pairs]) if (pair.frozen || pair.cutArmed) pair.destroy();
    },
    close() {
      for (const timer of fallbackTimers) clearTimeout(timer);
      fallbackTimers.clear();
      for (const pair of [...pairs]) pair.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
