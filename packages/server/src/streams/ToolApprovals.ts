import type { HistoryMessage } from '@rejoin/core/protocol';
import { RejoinError } from '@rejoin/core/protocol';
import type { RespondContinuation, RespondPiece } from '../generation/Respond.ts';
import type { Logger } from '../logging/createLogger.ts';
import type { ConversationStore } from '../stores/ConversationStore.ts';
import { pieceOf, type StreamChunk, type StreamStore } from '../stores/StreamStore.ts';
import { findToolCall, foldParts, textOfParts } from './foldParts.ts';
import type { ReplyStart } from './ReplyWriter.ts';
import { replyPauseOf } from './replyPause.ts';

/** A user's decision on a tool call awaiting approval (an `approve` frame). */
export interface ApprovalDecision {
  readonly conversationId: string;
  readonly messageId: string;
  readonly toolCallId: string;
  readonly approved: boolean;
  readonly reason?: string;
}

/**
 * What became of a decision: `applied` (written to the stream, the reply goes on), `repeated`
 * (the same decision was made before: a retry, ignored), `not_pending` (the call is unknown,
 * decided otherwise, or not awaiting approval).
 */
export type ApprovalOutcome = 'applied' | 'repeated' | 'not_pending';

/** A streaming reply to continue after its tool approval was decided. */
export interface DecidedReply {
  readonly message: HistoryMessage;
  /** The history up to and including the user message it answers. */
  readonly context: readonly HistoryMessage[];
  readonly start: ReplyStart;
  readonly approval: RespondContinuation['approval'];
}

export interface ToolApprovalStores {
  readonly conversations: ConversationStore;
  readonly streams: StreamStore;
  readonly logger: Logger;
  /** Has a worker look at the conversation again, so a decided reply is continued. */
  readonly requestReply: (conversationId: string) => void;
}

/**
 * The life of a reply paused on a tool approval (see `replyPause.ts`): applying the user's
 * decision, finding a decided reply for the worker to continue, and ending a paused one as
 * `stopped`. The pause lives in the stream, so every step reads it there rather than in memory:
 * any instance may hold the reply's conversation.
 */
export class ToolApprovals {
  constructor(private readonly stores: ToolApprovalStores) {}

  /**
   * Applies a user's decision on a tool call awaiting approval: writes the `tool-approval-response`
   * to the stream (one seq; every follower sees it) and has a worker continue the same reply, on
   * this instance or the one holding the conversation's lease. Idempotent per call.
   */
  async decide(decision: ApprovalDecision): Promise<ApprovalOutcome> {
    const { streams, logger } = this.stores;
    const { conversationId, messageId, toolCallId, approved } = decision;
    const stream = await streams.get(messageId);
    if (stream === null || stream.conversationId !== conversationId) return 'not_pending';
    const chunks = (await streams.read(messageId, 0)) ?? [];
    const call = findToolCall(foldParts(chunks.map(pieceOf)), toolCallId);
    if (call?.approval !== undefined) return call.approval.approved === approved ? 'repeated' : 'not_pending';
    const pause = pauseOf(chunks);
    if (stream.finishReason !== null || pause?.kind !== 'awaiting' || pause.toolCallId !== toolCallId) return 'not_pending';
    try {
      await streams.append(messageId, stream.lastSeq + 1, {
        kind: 'tool-approval-response',
        toolCallId,
        approved,
        ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      });
    } catch (error) {
      // Another instance wrote a decision (or a stop) first: judge this one against it.
      if (error instanceof RejoinError && error.code === 'store/invariant') return this.decide(decision);
      throw error;
    }
    logger.info('tool call decided', { conversationId, messageId, toolCallId, approved });
    this.stores.requestReply(conversationId);
    return 'applied';
  }

  /**
   * Ends the replies of `history` paused awaiting an approval as `stopped` (only `messageId`'s, when
   * given). Their pending calls stay undecided for good: an approval for them answers `not_pending`.
   */
  async endPaused(conversationId: string, history: readonly HistoryMessage[], messageId?: string): Promise<void> {
    const { conversations, streams, logger } = this.stores;
    for (const message of history) {
      if (message.role !== 'assistant' || message.status !== 'streaming') continue;
      if (messageId !== undefined && message.id !== messageId) continue;
      const chunks = (await streams.read(message.id, 0)) ?? [];
      if (pauseOf(chunks)?.kind !== 'awaiting') continue;
      const stopped = (all: readonly StreamChunk[]) => {
        const parts = foldParts(all.map(pieceOf));
        return { text: textOfParts(parts), parts, status: 'stopped' as const, seq: all.length };
      };
      await conversations.updateMessage(conversationId, message.id, stopped(chunks));
      await streams.finish(message.id, { finishReason: 'stopped', lastSeq: chunks.length });
      // A decision (from any instance) may have landed between the read and the end: the stream
      // ends after it, so the message keeps it too.
      const ended = (await streams.read(message.id, 0)) ?? chunks;
      if (ended.length > chunks.length) await conversations.updateMessage(conversationId, message.id, stopped(ended));
      logger.info('stopped a reply paused on a tool approval', { conversationId, messageId: message.id });
    }
  }

  /** The first streaming reply whose tool approval was decided and not yet continued, if any. */
  async findDecided(history: readonly HistoryMessage[]): Promise<DecidedReply | null> {
    for (const message of history) {
      if (message.role !== 'assistant' || message.status !== 'streaming') continue;
      const chunks = (await this.stores.streams.read(message.id, 0)) ?? [];
      const pause = pauseOf(chunks);
      if (pause?.kind !== 'decided') continue;
      const question = history.findIndex((candidate) => candidate.role === 'user' && candidate.replyTo === message.id);
      if (question === -1) continue;
      const { toolCallId, approved } = pause;
      return {
        message,
        context: history.slice(0, question + 1),
        start: { seq: chunks.length, parts: foldParts(chunks.map(pieceOf)) },
        approval: pause.reason === undefined ? { toolCallId, approved } : { toolCallId, approved, reason: pause.reason },
      };
    }
    return null;
  }
}

/**
 * How a decided reply goes on: the pieces written before the model runs again, and the
 * continuation the model is handed (same message, its parts so far).
 */
export function continuationOf(decided: DecidedReply): { readonly prelude: RespondPiece[]; readonly continuation: RespondContinuation } {
  const { message, approval } = decided;
  // A denied call is marked so before the model hears of it; it then goes on without the tool.
  const prelude: RespondPiece[] = approval.approved ? [] : [{ kind: 'tool-denied', toolCallId: approval.toolCallId }];
  const parts = prelude.length === 0 ? decided.start.parts : foldParts(prelude, decided.start.parts);
  return { prelude, continuation: { messageId: message.id, parts, approval } };
}

/** The pause a reply's stream is in, read from its last chunk. */
function pauseOf(chunks: readonly StreamChunk[]) {
  const last = chunks.at(-1);
  return replyPauseOf(last === undefined ? undefined : pieceOf(last));
}
