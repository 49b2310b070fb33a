import type { StreamCursor } from '@rejoin/core/protocol';
import type { Authorize } from '../auth/Authorize.ts';
import type { ConversationStore } from '../stores/ConversationStore.ts';
import type { StreamRecord, StreamStore } from '../stores/StreamStore.ts';

export interface CursorRules {
  readonly conversations: ConversationStore;
  readonly streams: StreamStore;
  readonly authorize: Authorize;
}

/**
 * A `hello`'s cursors, one per stream, split into those this user resumes and those the welcome
 * reports lost. A stream of a conversation the user may not see is reported lost exactly like an
 * unknown one: cursors reveal nothing.
 */
export async function sortHelloCursors(
  rules: CursorRules,
  userId: string,
  cursors: readonly StreamCursor[],
): Promise<{ readonly known: StreamCursor[]; readonly lost: StreamCursor[] }> {
  const unique = lowestCursorPerMessage(cursors);
  const resumes = await Promise.all(unique.map((cursor) => mayResume(rules, userId, cursor)));
  return {
    known: unique.filter((_, index) => resumes[index] === true),
    lost: unique.filter((_, index) => resumes[index] !== true),
  };
}

/**
 * Whether a hello cursor names a stream the server knows, in a conversation this user may follow,
 * and is not ahead of it.
 */
async function mayResume({ conversations, streams, authorize }: CursorRules, userId: string, cursor: StreamCursor): Promise<boolean> {
  const [stream, conversation] = await Promise.all([streams.get(cursor.messageId), conversations.get(cursor.conversationId)]);
  // The rule runs whether or not the conversation exists, as in `conversationAccess`: one path for both.
  const allowed = await authorize({ userId, action: 'subscribe', conversation });
  return allowed && conversation !== null && stream !== null && resumable(stream, cursor.conversationId, cursor.lastSeq);
}

/**
 * Whether a cursor can resume this stream: it is the conversation's, and the cursor is not ahead of
 * it. A cursor past the stream's last seq holds chunks this server never produced; resuming it
 * would make the client drop the next chunks as duplicates, so it is refused and the client loads
 * the history instead (protocol v1, "Connection lifecycle").
 */
export function resumable(stream: StreamRecord, conversationId: string, lastSeq: number): boolean {
  return stream.conversationId === conversationId && lastSeq <= stream.lastSeq;
}

/**
 * One cursor per stream: the lowest lastSeq, whose replay covers every other one. Rebuilt field by
 * field, so unknown fields a client added are never echoed back in `lostStreams`.
 */
function lowestCursorPerMessage(cursors: readonly StreamCursor[]): StreamCursor[] {
  const byMessage = new Map<string, StreamCursor>();
  for (const { conversationId, messageId, lastSeq } of cursors) {
    const seen = byMessage.get(messageId);
    if (seen === undefined || lastSeq < seen.lastSeq) byMessage.set(messageId, { conversationId, messageId, lastSeq });
  }
  return [...byMessage.values()];
}
