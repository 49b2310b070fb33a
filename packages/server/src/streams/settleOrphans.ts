import type { HistoryMessage } from '@rejoin/core/protocol';
import type { Logger } from '../logging/createLogger.ts';
import type { ConversationStore } from '../stores/ConversationStore.ts';
import { pieceOf, type StreamStore } from '../stores/StreamStore.ts';
import { foldParts, textOfParts } from './foldParts.ts';
import { replyPauseOf } from './replyPause.ts';

/** Ends a reply whose server instance died (or lost the store) while writing it. */
export const ORPHANED = 'The server generating this reply stopped before it finished. Please try again.';

export interface OrphanStores {
  readonly conversations: ConversationStore;
  readonly streams: StreamStore;
  readonly logger: Logger;
  /** The message a stop was requested for before its worker died (see `GenerationCoordinator.stopRequested`). */
  readonly stopRequested: (conversationId: string) => Promise<string | null>;
}

/**
 * Ends the replies a dead worker left streaming, called by the worker that holds the
 * conversation's lease (so no other worker writes there): the history gets the text its stream
 * holds and status `error`, and the stream ends with `error`, so followers on every instance see
 * the end; a reply whose stop its worker never received ends `stopped` instead, as the user asked.
 * A reply paused on a tool approval (awaiting the user, or decided and waiting for a worker to go
 * on) is no orphan: no generation runs for it by design, and it is left alone.
 * Returns whether there was anything to settle.
 */
export async function settleOrphans(
  { conversations, streams, logger, stopRequested }: OrphanStores,
  conversationId: string,
  history: readonly HistoryMessage[],
): Promise<boolean> {
  const streaming = history.filter((message) => message.role === 'assistant' && message.status === 'streaming');
  if (streaming.length === 0) return false;
  let settled = false;
  let stopped: string | null | undefined;
  for (const orphan of streaming) {
    const stream = await streams.get(orphan.id);
    const chunks = stream === null ? [] : ((await streams.read(orphan.id, 0)) ?? []);
    const last = chunks.at(-1);
    if (stream?.finishReason === null && replyPauseOf(last === undefined ? undefined : pieceOf(last)) !== null) continue;
    settled = true;
    stopped ??= await stopRequested(conversationId);
    const outcome = orphan.id === stopped ? ('stopped' as const) : ('error' as const);
    const seq = chunks.length;
    const parts = foldParts(chunks.map(pieceOf));
    await conversations.updateMessage(conversationId, orphan.id, {
      text: textOfParts(parts),
      ...(chunks.some((chunk) => chunk.part !== undefined) ? { parts } : {}),
      status: outcome,
      seq,
    });
    if (stream !== null && stream.finishReason === null) {
      await streams.finish(orphan.id, outcome === 'stopped' ? { finishReason: 'stopped', lastSeq: seq } : { finishReason: 'error', lastSeq: seq, error: ORPHANED });
    }
    logger.warn('settled a reply left streaming by a stopped instance', { conversationId, messageId: orphan.id, chunks: seq, finishReason: outcome });
  }
  return settled;
}
