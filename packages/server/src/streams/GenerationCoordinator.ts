/** How a worker's `release` went. */
export type ReleaseOutcome =
  /** The conversation is free again. */
  | 'released'
  /** A reply was requested meanwhile (maybe on another instance): still owned, look again. */
  | 'rerun'
  /** Another instance took the conversation over (this one stopped renewing in time). */
  | 'lost';

/** What a coordinator tells the generation registry of its own instance. */
export interface CoordinatorHandlers {
  /** A `stop` received by another instance: stop the generation if it runs here. */
  readonly stop: (conversationId: string, messageId: string | undefined) => void;
  /**
   * This instance now owns a conversation whose previous worker stopped renewing its lease (its
   * instance died or lost the store): settle the reply it left streaming, then answer what is left.
   */
  readonly adopt: (conversationId: string) => void;
}

/**
 * Generation ownership across server instances sharing one store. Each conversation has at most
 * one worker in the whole deployment, on the instance holding the conversation's lease; the lease
 * is renewed while the worker runs, so when an instance dies another one adopts its conversations.
 *
 * A multi-instance stream store exposes one as `StreamStore.coordinator`; without one, the
 * `GenerationRegistry` coordinates within its own process only (the in-memory default).
 */
export interface GenerationCoordinator {
  /** This server instance, unique in the deployment. */
  readonly instanceId: string;
  /**
   * Atomically becomes the conversation's worker and resolves true; or, when another instance's
   * worker holds it, asks that worker to look for unanswered messages again and resolves false.
   */
  acquire(conversationId: string): Promise<boolean>;
  /**
   * Atomically gives the conversation up, unless a reply was requested since the worker last
   * looked (`rerun`: the worker still owns it). The lease stops being renewed unless `rerun`.
   */
  release(conversationId: string): Promise<ReleaseOutcome>;
  /** Stops renewing the lease of a worker that failed, so that it expires and is adopted. Local only. */
  abandon(conversationId: string): void;
  /**
   * The message a stop was requested for while the conversation's previous worker held the lease
   * (recorded by `requestStop`), or null. The worker that settles that worker's orphaned reply
   * ends it as stopped rather than failed. Optional: without it, such a reply ends as failed.
   */
  stopRequested?(conversationId: string): Promise<string | null>;
  /** Delivers a `stop` to every other instance; the one running the generation stops it. */
  requestStop(conversationId: string, messageId: string | undefined): Promise<void>;
  /** Connects the registry of this instance; at most one at a time. Returns how to disconnect it. */
  attach(handlers: CoordinatorHandlers): () => void;
}
