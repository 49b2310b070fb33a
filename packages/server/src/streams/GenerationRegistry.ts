import type { FinishReason, HistoryMessage } from '@rejoin/core/protocol';
import { createId } from '../ids/createId.ts';
import { checkPartEvent } from '../generation/checkPartEvent.ts';
import type { Respond, RespondContinuation, RespondPiece } from '../generation/Respond.ts';
import { DEFAULT_LIMITS } from '../limits/ServerLimits.ts';
import { errorFields, type Logger } from '../logging/createLogger.ts';
import type { ConversationStore } from '../stores/ConversationStore.ts';
import type { StreamStore } from '../stores/StreamStore.ts';
import { AbortableIterator } from './AbortableIterator.ts';
import type { GenerationCoordinator } from './GenerationCoordinator.ts';
import { LocalCoordinator } from './LocalCoordinator.ts';
import { MAX_REPLY_BYTES, REPLY_TOO_LONG, type ReplyStart, ReplyWriter } from './ReplyWriter.ts';
import { type OrphanStores, settleOrphans } from './settleOrphans.ts';
import { type ApprovalDecision, type ApprovalOutcome, continuationOf, type DecidedReply, ToolApprovals } from './ToolApprovals.ts';

export type { ApprovalDecision, ApprovalOutcome } from './ToolApprovals.ts';

export interface GenerationRegistryOptions {
  readonly conversations: ConversationStore;
  readonly streams: StreamStore;
  readonly respond: Respond;
  readonly logger: Logger;
  /** @default Date.now */
  readonly now?: () => number;
  /**
   * Coordinates generations with the other instances sharing the stores.
   * @default `streams.coordinator` (none for the in-memory store: this process owns everything)
   */
  readonly coordinator?: GenerationCoordinator;
  /**
   * The largest tool output passed on, in bytes of its JSON; see `ServerLimits.maxToolOutputBytes`.
   * @default 65536
   */
  readonly maxToolOutputBytes?: number;
}

/** How one run of the model over a reply went. */
interface ReplyRun {
  readonly conversationId: string;
  readonly messageId: string;
  readonly createdAt: number;
  readonly context: readonly HistoryMessage[];
  readonly start: ReplyStart;
  /** Set on the worker before the reply is set up, so a stop during the setup already ends it. */
  readonly controller: AbortController;
  readonly continuation?: RespondContinuation;
  /** Written before the model runs (the `tool-denied` of a denied call). */
  readonly prelude: readonly RespondPiece[];
}

/** What the registry knows about the generation running in one conversation. */
export interface ActiveGeneration {
  readonly conversationId: string;
  /** Null between two replies, while the next one is being set up. */
  readonly messageId: string | null;
  readonly startedAt: number;
}

/** Why a generation was aborted; decides its finish reason. */
type AbortCause = { readonly kind: 'stop' } | { readonly kind: 'shutdown' };

interface Worker {
  readonly conversationId: string;
  controller: AbortController | null;
  messageId: string | null;
  startedAt: number;
  /** Set when a reply was requested while the worker was busy: look for unanswered messages again. */
  rerun: boolean;
  done: Promise<void>;
}

/** Shown to users when the model fails; the cause goes to the log only. */
const MODEL_FAILED = 'The assistant could not finish this reply. Please try again.';
const SHUTTING_DOWN = 'The server restarted before this reply was finished. Please try again.';

/**
 * Runs the model: one generation at a time per conversation, each answering the oldest user
 * message that has no reply yet, until none is left. Generations run independently of
 * connections: a reply keeps being written to the stores while no client is connected, and only
 * `stop` (or shutdown) aborts it. A message sent while a reply streams is answered after it; one
 * sent while a reply awaits a tool approval ends that reply as `stopped`, then is answered.
 */
export class GenerationRegistry {
  private readonly workers = new Map<string, Worker>();
  private readonly conversations: ConversationStore;
  private readonly streams: StreamStore;
  private readonly respond: Respond;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly coordinator: GenerationCoordinator;
  private readonly detach: () => void;
  private readonly orphanStores: OrphanStores;
  private readonly maxToolOutputBytes: number;
  private readonly approvals: ToolApprovals;
  private closing = false;

  constructor(options: GenerationRegistryOptions) {
    this.conversations = options.conversations;
    this.streams = options.streams;
    this.respond = options.respond;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.maxToolOutputBytes = options.maxToolOutputBytes ?? DEFAULT_LIMITS.maxToolOutputBytes;

    this.coordinator = options.coordinator ?? options.streams.coordinator ?? new LocalCoordinator();
    const coordinator = this.coordinator;
    this.orphanStores = {
      conversations: this.conversations,
      streams: this.streams,
      logger: this.logger,
      stopRequested: (conversationId) => coordinator.stopRequested?.(conversationId) ?? Promise.resolve(null),
    };
    this.approvals = new ToolApprovals({
      conversations: this.conversations,
      streams: this.streams,
      logger: this.logger,
      requestReply: (conversationId) => this.requestReply(conversationId),
    });
    this.detach = this.coordinator.attach({
      stop: (conversationId, messageId) => void this.stopHere(conversationId, messageId),
      adopt: (conversationId) => this.adopt(conversationId),
    });
  }

  /**
   * Makes sure every unanswered user message of the conversation gets a reply: starts a worker,
   * or tells the running one to look again when it finishes. Idempotent.
   */
  requestReply(conversationId: string): void {
    if (this.closing) return;
    const running = this.workers.get(conversationId);
    if (running !== undefined) {
      running.rerun = true;
      return;
    }
    this.startWorker(conversationId, (worker) => this.work(worker, false));
  }

  /** Registers a worker before the first await, so a second request in the same tick finds it, then runs it. */
  private startWorker(conversationId: string, run: (worker: Worker) => Promise<void>): void {
    const worker: Worker = {
      conversationId,
      controller: null,
      messageId: null,
      startedAt: this.now(),
      rerun: false,
      done: Promise.resolve(),
    };
    this.workers.set(conversationId, worker);
    worker.done = run(worker);
  }

  /**
   * Aborts the conversation's running generation, which ends with finish reason `stopped`.
   * With `messageId`, only if that is the message being generated. Returns whether one was stopped
   * in this process; with a coordinator, a stop that found nothing here goes to the other instances.
   */
  stop(conversationId: string, messageId?: string): boolean {
    if (this.stopHere(conversationId, messageId)) return true;
    void this.forwardStop(conversationId, messageId);
    void this.stopPaused(conversationId, messageId);
    return false;
  }

  /**
   * Applies a user's decision on a tool call awaiting approval: writes the `tool-approval-response`
   * to the stream (one seq; every follower sees it) and has a worker continue the same reply, on
   * this instance or the one holding the conversation's lease. Idempotent per call.
   */
  approve(decision: ApprovalDecision): Promise<ApprovalOutcome> {
    return this.approvals.decide(decision);
  }

  /** Ends replies paused on an approval as `stopped`: no generation runs to receive the stop. */
  private async stopPaused(conversationId: string, messageId: string | undefined): Promise<void> {
    try {
      const history = await this.conversations.history(conversationId);
      await this.approvals.endPaused(conversationId, history, messageId);
    } catch (error) {
      this.logger.error('could not stop a paused reply', { conversationId, ...errorFields(error) });
    }
  }

  /**
   * Sends a stop that found nothing here to the instance generating the reply. It names the
   * message (the streaming one, when the client did not), so a shared coordinator can keep it
   * for an owner that misses the broadcast.
   */
  private async forwardStop(conversationId: string, messageId: string | undefined): Promise<void> {
    try {
      const streaming = messageId === undefined ? (await this.conversations.history(conversationId)).filter((message) => message.role === 'assistant' && message.status === 'streaming') : [];
      const target = messageId ?? streaming.at(-1)?.id;
      await this.coordinator.requestStop(conversationId, target);
    } catch (error) {
      this.logger.error('could not forward a stop to the other instances', { conversationId, ...errorFields(error) });
    }
  }

  /** Every generation running in this process (the seed's GetAllActiveStreams, for this instance). */
  active(): readonly ActiveGeneration[] {
    return [...this.workers.values()].map(({ conversationId, messageId, startedAt }) => ({
      conversationId,
      messageId,
      startedAt,
    }));
  }

  /**
   * Stops taking work and waits for the running generations. With `abort`, or once `timeoutMs`
   * has passed, they are aborted and end with finish reason `error`; either way they finish
   * writing to the stores before this resolves.
   */
  async close(options: { readonly generations: 'finish' | 'abort'; readonly timeoutMs: number }): Promise<void> {
    this.closing = true;
    const all = (): Promise<unknown> => Promise.allSettled([...this.workers.values()].map((worker) => worker.done));
    if (options.generations === 'finish') {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.timeoutMs);
      });
      await Promise.race([all(), timedOut]);
      clearTimeout(timer);
    }
    for (const worker of this.workers.values()) worker.controller?.abort({ kind: 'shutdown' } satisfies AbortCause);
    await all();
    // Only now: leases are renewed, and stops from other instances heard, until the last write.
    this.detach();
  }

  private stopHere(conversationId: string, messageId: string | undefined): boolean {
    const worker = this.workers.get(conversationId);
    if (worker?.controller == null || worker.controller.signal.aborted) return false;
    if (messageId !== undefined && worker.messageId !== messageId) return false;
    worker.controller.abort({ kind: 'stop' } satisfies AbortCause);
    return true;
  }

  /** Takes over a conversation whose lease this instance claimed from a worker that stopped renewing it. */
  private adopt(conversationId: string): void {
    if (this.closing) {
      // Let the lease expire again: an instance that is not shutting down will adopt it.
      this.coordinator.abandon(conversationId);
      return;
    }
    const running = this.workers.get(conversationId);
    if (running !== undefined) {
      // Our own worker, whose lease lapsed while the store was slow: it owns the conversation again.
      running.rerun = true;
      return;
    }
    this.startWorker(conversationId, (worker) => this.work(worker, true));
  }

  /**
   * The worker loop: it first acquires the conversation's lease (or hands the request to the
   * instance holding it), settles any reply a dead worker left streaming, answers what is
   * unanswered, and releases the lease atomically unless a reply was requested meanwhile, on any
   * instance, so no request falls between two workers. In one process the `LocalCoordinator`
   * always grants the lease. An `adopted` worker starts with the lease its instance claimed.
   */
  private async work(worker: Worker, adopted: boolean): Promise<void> {
    const { conversationId } = worker;
    const coordinator = this.coordinator;
    let owned = adopted;
    let orphansToSettle = adopted;
    try {
      for (;;) {
        worker.rerun = false;
        if (!owned) {
          if (this.closing) return;
          owned = await coordinator.acquire(conversationId);
          if (!owned) {
            // The owner elsewhere was asked to look again; a request that came in meanwhile must
            // ask again, since the owner may have looked before its message was stored.
            if (worker.rerun) continue;
            return;
          }
          orphansToSettle = true;
        }
        const history = await this.conversations.history(conversationId);
        if (orphansToSettle) {
          orphansToSettle = false;
          // With the lease held, no other worker writes here: a streaming reply is an orphan.
          if (await settleOrphans(this.orphanStores, conversationId, history)) continue;
        }
        const decided = this.closing ? null : await this.approvals.findDecided(history);
        if (decided !== null) {
          await this.continueReply(worker, decided);
          continue;
        }
        const next = this.closing ? -1 : history.findIndex((message) => message.role === 'user' && message.replyTo === undefined);
        if (next === -1) {
          if (worker.rerun && !this.closing) continue;
          const outcome = await coordinator.release(conversationId);
          if (outcome === 'rerun' && !this.closing) continue;
          owned = outcome === 'rerun';
          if (outcome === 'released' && worker.rerun && !this.closing) continue;
          if (owned) {
            // Shutting down with a request pending: leave it to the lease's expiry and adoption.
            coordinator.abandon(conversationId);
            owned = false;
          }
          return;
        }
        // A new user message ends a reply still awaiting a decision: one reply streams at a time,
        // and the user moved on (docs/protocol.md §22, "A send while a call awaits approval").
        await this.approvals.endPaused(conversationId, history.slice(0, next));
        await this.generate(worker, history.slice(0, next + 1));
      }
    } catch (error) {
      this.logger.error('generation worker failed', { conversationId, ...errorFields(error) });
    } finally {
      this.workers.delete(conversationId);
      // A worker that failed (the store is unreachable) keeps its lease in the store: let it
      // expire so that this or another instance adopts the conversation once the store is back.
      if (owned) coordinator.abandon(conversationId);
    }
  }

  /** Goes on with a reply after its tool approval was decided: same message, seq going on. */
  private async continueReply(worker: Worker, decided: DecidedReply): Promise<void> {
    const { message } = decided;
    await this.runReply(worker, {
      controller: this.claim(worker, message.id),
      conversationId: worker.conversationId,
      messageId: message.id,
      createdAt: message.createdAt,
      context: decided.context,
      start: decided.start,
      ...continuationOf(decided),
    });
  }

  /** Writes one assistant reply to the stores: history entry, stream, chunks, end. */
  private async generate(worker: Worker, context: readonly HistoryMessage[]): Promise<void> {
    const { conversationId } = worker;
    const question = context[context.length - 1] as HistoryMessage;
    const messageId = createId();
    const controller = this.claim(worker, messageId);
    const createdAt = worker.startedAt;

    const conversation = await this.conversations.get(conversationId);
    if (conversation === null) throw new Error(`conversation ${conversationId} vanished`);
    const { index } = await this.conversations.appendMessage(conversationId, {
      id: messageId,
      role: 'assistant',
      text: '',
      status: 'streaming',
      seq: 0,
      createdAt,
    });
    await this.conversations.updateMessage(conversationId, question.id, { replyTo: messageId });
    await this.streams.create({
      conversationId,
      messageId,
      ownerId: conversation.ownerId,
      replyTo: question.id,
      index,
      startedAt: createdAt,
    });
    await this.runReply(worker, { conversationId, messageId, createdAt, context, controller, start: { seq: 0, parts: [] }, prelude: [] });
  }

  /** Marks the worker as writing `messageId` (a load sees the reply starting, a stop reaches it). */
  private claim(worker: Worker, messageId: string): AbortController {
    const controller = new AbortController();
    worker.controller = controller;
    worker.messageId = messageId;
    worker.startedAt = this.now();
    return controller;
  }

  /**
   * Runs the model over one reply and writes what it yields, until it ends (the stream is
   * finished) or it asks for a tool approval (the reply pauses: the stream stays open, its last
   * piece the request, and no generation holds on to it).
   */
  private async runReply(worker: Worker, run: ReplyRun): Promise<void> {
    const { conversationId, messageId, createdAt, context, controller } = run;
    const log = this.logger.child({ conversationId, messageId });
    log.info(run.continuation === undefined ? 'generation started' : 'generation continued');

    const writer = new ReplyWriter(this.streams, messageId, MAX_REPLY_BYTES, run.start, this.maxToolOutputBytes);
    let finishReason: FinishReason = 'complete';
    let error: string | undefined;
    let paused = false;
    let pieces: AbortableIterator<RespondPiece> | null = null;
    try {
      for (const piece of run.prelude) await writer.write(piece);
      pieces = new AbortableIterator(
        this.respond({
          conversation: { conversationId, messages: context },
          signal: controller.signal,
          ...(run.continuation === undefined ? {} : { continuation: run.continuation }),
        }),
        controller.signal,
      );
      for (let piece = await pieces.next(); piece !== null; piece = await pieces.next()) {
        if (typeof piece !== 'string') {
          const invalid = checkPartEvent(piece);
          if (invalid !== null) {
            // The model's bug, not the user's: dropped (no seq taken), logged, and the reply goes on.
            log.warn('dropped an invalid part event from the model', { error: invalid.message });
            continue;
          }
        }
        if (!(await writer.write(piece))) {
          // Past the length every frame carrying the reply can hold: end it explicitly.
          finishReason = 'error';
          error = REPLY_TOO_LONG;
          log.warn('reply reached the maximum length', { maxBytes: MAX_REPLY_BYTES });
          break;
        }
        if (typeof piece !== 'string' && piece.kind === 'tool-approval-request') {
          // The model waits for the user: end this iteration, keep the stream open.
          paused = true;
          break;
        }
      }
      await writer.drain();
    } catch (caught) {
      paused = false;
      if (!controller.signal.aborted) {
        finishReason = 'error';
        error = MODEL_FAILED;
        log.error('model failed', errorFields(caught));
      }
    } finally {
      pieces?.close();
    }
    if (controller.signal.aborted) {
      paused = false;
      const cause = controller.signal.reason as AbortCause;
      finishReason = cause.kind === 'stop' ? 'stopped' : 'error';
      if (cause.kind === 'shutdown') error = SHUTTING_DOWN;
    }
    worker.controller = null;
    worker.messageId = null;
    // After a stop or a failure, appends may still be in flight: the end follows the last one stored.
    const { seq, text, parts } = await writer.stored();

    if (paused) {
      await this.conversations.updateMessage(conversationId, messageId, { text, parts, seq });
      log.info('generation paused for a tool approval', { chunks: seq });
      return;
    }
    // History first: it is the source of truth a `load` reads; the stream's end follows.
    await this.conversations.updateMessage(conversationId, messageId, { text, parts, status: finishReason, seq });
    await this.streams.finish(messageId, error === undefined ? { finishReason, lastSeq: seq } : { finishReason, lastSeq: seq, error });
    log.info('generation ended', { finishReason, chunks: seq, durationMs: this.now() - createdAt });
  }
}
