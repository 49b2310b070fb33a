import type { StreamCursor } from '../model/message.ts';
import type { StreamState } from '../model/conversation.ts';

/** The cursor to resubscribe from: `lastSeq` is the last contiguous chunk this client holds. */
export function streamCursor(conversationId: string, messageId: string, lastSeq: number): StreamCursor {
  return { conversationId, messageId, lastSeq };
}

/**
 * `current` itself when it already says the same thing, so an unchanged stream keeps its
 * identity and selectors on it do not fire.
 */
export function sameOrNewStream(
  current: StreamState | null,
  messageId: string,
  lastSeq: number,
  awaitingReplay: boolean,
): StreamState {
  if (
    current !== null &&
    current.messageId === messageId &&
    current.lastSeq === lastSeq &&
    current.awaitingReplay === awaitingReplay
  ) {
    return current;
  }
  return { messageId, lastSeq, awaitingReplay };
}
