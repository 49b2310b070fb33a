import type { HistoryMessage } from '@rejoin/core/protocol';
import type { Logger } from '../logging/createLogger.ts';
import type { ConversationStore } from '../stores/ConversationStore.ts';
import type { StreamStore } from '../stores/StreamStore.ts';

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
 * Returns whether there was anything to settle.
 */
export async function settleOrphans(
  { conversations, streams, logger, stopRequested }: OrphanStores,
  conversationId: string,
  history: readonly HistoryMessage[],
): Promise<boolean> {
  const orphans = history.filter((message) => message.role === 'assistant' && message.status === 'streaming');
  if (orphans.length === 0) return false;
  const stopped = await stopRequested(conversationId);
  for (const orphan of orphans) {
    const outcome = orphan.id === stopped ? ('stopped' as const) : ('error' as const);
    const stream = await streams.get(orphan.id);
    const chunks = stream === null ? [] : ((await streams.read(orphan.id, 0)) ?? []);
    const seq = chunks.length;
    await conversations.updateMessage(conversationId, orphan.id, {
      text: chunks.map((chunk) => chunk.text).join(''),
      status: outcome,
      seq,
    });
    if (stream !== null && stream.finishReason === null) {
      await streams.finish(orphan.id, outcome === 'stopped' ? { finishReason: 'stopped', lastSeq: seq } : { finishReason: 'error', lastSeq: seq, error: ORPHANED });
    }
    logger.warn('settled a reply left streaming by a stopped instance', { conversationId, messageId: orphan.id, chunks: seq, finishReason: outcome });
  }
  return true;
}
