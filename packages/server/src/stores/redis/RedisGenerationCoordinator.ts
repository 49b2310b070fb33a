import { errorFields, type Logger } from '../../logging/createLogger.ts';
import type { CoordinatorHandlers, GenerationCoordinator, ReleaseOutcome } from '../../streams/GenerationCoordinator.ts';
import type { Unsubscribe } from '../StreamStore.ts';
import { ACQUIRE_WORKER, CLAIM_EXPIRED_WORKERS, RELEASE_WORKER, RENEW_WORKERS, REQUEST_STOP } from './coordinatorScripts.ts';
import type { RedisConnection } from './RedisConnection.ts';

/** How long a worker's lease lasts without renewal, by default: 3 seconds. */
export const DEFAULT_LEASE_MS = 3000;
/** Expired leases adopted per sweep; the next sweep takes the rest. */
const CLAIMS_PER_SWEEP = 100;

export interface RedisGenerationCoordinatorOptions {
  /**
   * How long a worker's lease lasts without renewal. Renewed every third of it while the worker
   * runs; when an instance dies, its conversations are adopted between one and one and a half
   * leases later, and the reply it was writing ends with finish reason `error`.
   * @default 3000
   */
  readonly leaseMs?: number;
  readonly logger: Logger;
  /**
   * Called when a renewal or release finds a lease of this instance taken over: another instance
   * may write its streams now (the stream store then reads them from Redis again).
   */
  readonly onLeaseLost?: (conversationId: string) => void;
}

interface StopMessage {
  /** The instance that published it (it already tried locally). */
  readonly o: string;
  readonly c: string;
  readonly m?: string;
}

/**
 * Generation ownership through Redis: leases on conversation workers, renewed while they run and
 * adopted by any instance once expired, and `stop` requests over pub/sub so they reach the
 * instance running the generation from any instance.
 */
export class RedisGenerationCoordinator implements GenerationCoordinator {
  readonly instanceId: string;
  private readonly leaseMs: number;
  private readonly logger: Logger;
  private readonly onLeaseLost: (conversationId: string) => void;
  /** Conversations whose lease this instance holds and renews. */
  private readonly owned = new Set<string>();
  private handlers: CoordinatorHandlers | null = null;
  private renewTimer: ReturnType<typeof setInterval> | null = null;
  private sweepTimer: ReturnType<typeof setTimeout> | null = null;
  private stopListener: ((message: string) => void) | null = null;

  constructor(
    private readonly connection: RedisConnection,
    options: RedisGenerationCoordinatorOptions,
  ) {
    this.instanceId = connection.instanceId;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.logger = options.logger;
    this.onLeaseLost = options.onLeaseLost ?? (() => {});
  }

  async acquire(conversationId: string): Promise<boolean> {
    const acquired = await ACQUIRE_WORKER.run(this.connection.commands, this.workerKeys(conversationId), [
      this.instanceId,
      this.leaseMs,
      conversationId,
    ]);
    if (acquired === 1) this.owned.add(conversationId);
    return acquired === 1;
  }

  async release(conversationId: string): Promise<ReleaseOutcome> {
    const released = await RELEASE_WORKER.run(this.connection.commands, this.workerKeys(conversationId), [
      this.instanceId,
      this.leaseMs,
      conversationId,
    ]);
    if (released === 0) return 'rerun';
    this.owned.delete(conversationId);
    if (released !== 1) this.onLeaseLost(conversationId);
    return released === 1 ? 'released' : 'lost';
  }

  abandon(conversationId: string): void {
    this.owned.delete(conversationId);
  }

  async stopRequested(conversationId: string): Promise<string | null> {
    const messageId = await this.connection.commands.sendCommand(['HGET', this.connection.keys.worker(conversationId), 'orphanStop']);
    return typeof messageId === 'string' ? messageId : null;
  }

  /**
   * Publishes the stop to every instance and, when `messageId` is known, also records it on the
   * conversation's lease: an owner whose connection to Redis was down when it was published
   * takes it at its next renewal, once reconnected. Without `messageId` it is published only:
   * a recorded "stop whatever runs" could stop a later reply.
   */
  async requestStop(conversationId: string, messageId: string | undefined): Promise<void> {
    const message: StopMessage = messageId === undefined
      ? { o: this.instanceId, c: conversationId }
      : { o: this.instanceId, c: conversationId, m: messageId };
    const { keys, commands } = this.connection;
    // Recorded first: an owner that hears the message and also takes the record stops once.
    if (messageId !== undefined) await REQUEST_STOP.run(commands, [keys.worker(conversationId)], [messageId]);
    await this.connection.pubSub.publish(keys.stopChannel(), JSON.stringify(message));
  }

  attach(handlers: CoordinatorHandlers): Unsubscribe {
    this.detach();
    this.handlers = handlers;
    this.renewTimer = setInterval(() => void this.renew(), Math.max(1, Math.floor(this.leaseMs / 3)));
    this.renewTimer.unref?.();
    // Soon after start: a fresh instance adopts what a dead one left behind.
    this.scheduleSweep(Math.min(100, this.leaseMs / 2));
    const listener = (raw: string): void => this.onStopMessage(raw);
    this.stopListener = listener;
    this.connection.pubSub.subscribe(this.connection.keys.stopChannel(), listener).catch((error: unknown) => {
      this.logger.error('could not subscribe to stop requests', errorFields(error));
    });
    return () => {
      if (this.handlers === handlers) this.detach();
    };
  }

  /** Stops the timers and the stop subscription; leases still held expire on their own. */
  detach(): void {
    this.handlers = null;
    if (this.renewTimer !== null) clearInterval(this.renewTimer);
    if (this.sweepTimer !== null) clearTimeout(this.sweepTimer);
    this.renewTimer = null;
    this.sweepTimer = null;
    const listener = this.stopListener;
    this.stopListener = null;
    if (listener !== null && this.connection.pubSub.isOpen) {
      this.connection.pubSub.unsubscribe(this.connection.keys.stopChannel(), listener).catch(() => {});
    }
  }

  private workerKeys(conversationId: string): string[] {
    return [this.connection.keys.worker(conversationId), this.connection.keys.workers()];
  }

  private onStopMessage(raw: string): void {
    let message: StopMessage;
    try {
      message = JSON.parse(raw) as StopMessage;
    } catch {
      return;
    }
    if (message.o === this.instanceId || typeof message.c !== 'string') return;
    this.handlers?.stop(message.c, typeof message.m === 'string' ? message.m : undefined);
  }

  private async renew(): Promise<void> {
    if (this.owned.size === 0) return;
    if (!this.connection.commands.isOpen) {
      this.detach();
      return;
    }
    try {
      const [lost, stops] = (await RENEW_WORKERS.run(this.connection.commands, [this.connection.keys.workers()], [
        this.instanceId,
        this.leaseMs,
        this.connection.keys.worker(''),
        ...this.owned,
      ])) as [string[], string[]];
      // Taken over by another instance: its worker settles the reply; ours finds out at release.
      for (const conversationId of lost) {
        this.owned.delete(conversationId);
        this.onLeaseLost(conversationId);
      }
      // Usually heard already over pub/sub (stopping twice is a no-op); after a lost connection,
      // this is how the stop arrives.
      for (let index = 0; index + 1 < stops.length; index += 2) this.handlers?.stop(stops[index] as string, stops[index + 1]);
    } catch (error) {
      this.logger.debug('renewing worker leases failed', errorFields(error));
    }
  }

  private scheduleSweep(inMs: number): void {
    if (this.handlers === null) return;
    this.sweepTimer = setTimeout(() => void this.sweep(), inMs);
    this.sweepTimer.unref?.();
  }

  private async sweep(): Promise<void> {
    if (!this.connection.commands.isOpen) {
      this.detach();
      return;
    }
    try {
      const adopted = (await CLAIM_EXPIRED_WORKERS.run(this.connection.commands, [this.connection.keys.workers()], [
        this.instanceId,
        this.leaseMs,
        this.connection.keys.worker(''),
        CLAIMS_PER_SWEEP,
      ])) as string[];
      for (const conversationId of adopted) {
        this.owned.add(conversationId);
        this.logger.warn('adopting a conversation whose worker stopped renewing its lease', { conversationId });
        this.handlers?.adopt(conversationId);
      }
    } catch (error) {
      this.logger.debug('sweeping expired worker leases failed', errorFields(error));
    }
    // Jittered, so instances started together do not sweep in lockstep.
    this.scheduleSweep(this.leaseMs / 2 * (0.75 + Math.random() / 2));
  }
}
