import type { StreamPiece } from './foldParts.ts';

/**
 * Where a streaming reply stands with respect to tool approval, read from the last piece its
 * stream holds, so the pause is stored with the stream itself: it outlives the instance that
 * wrote it (with the Redis stores), and every instance reads the same answer.
 *
 * - `awaiting`: the last piece is a `tool-approval-request`; no generation runs, the user decides.
 * - `decided`: the last piece is the decision (`tool-approval-response`); a worker continues the
 *   reply by calling `respond` with the continuation.
 * - null: a generation writes the reply (or its instance died while writing: an orphan).
 */
export type ReplyPause =
  | { readonly kind: 'awaiting'; readonly toolCallId: string }
  | { readonly kind: 'decided'; readonly toolCallId: string; readonly approved: boolean; readonly reason?: string }
  | null;

export function replyPauseOf(lastPiece: StreamPiece | undefined): ReplyPause {
  if (lastPiece === undefined || typeof lastPiece === 'string') return null;
  if (lastPiece.kind === 'tool-approval-request') return { kind: 'awaiting', toolCallId: lastPiece.toolCallId };
  if (lastPiece.kind === 'tool-approval-response') {
    const { toolCallId, approved, reason } = lastPiece;
    return reason === undefined ? { kind: 'decided', toolCallId, approved } : { kind: 'decided', toolCallId, approved, reason };
  }
  return null;
}
