import type { ChunkFrame, MessageEndFrame, MessageStartFrame } from '@rejoin/core/protocol';
import type { StreamEvent, StreamRecord } from '../stores/StreamStore.ts';

/** The `message_start` announcing a stream. */
export function messageStartFrame(stream: StreamRecord): MessageStartFrame {
  return {
    type: 'message_start',
    conversationId: stream.conversationId,
    messageId: stream.messageId,
    replyTo: stream.replyTo,
    index: stream.index,
    createdAt: stream.startedAt,
  };
}

/**
 * The `chunk` or `message_end` frame for one stream event, in the session's protocol version: a
 * part event reaches a v1 session as an empty text chunk, so its seq stays contiguous and it sees
 * the text parts only.
 */
export function streamEventFrame(
  conversationId: string,
  messageId: string,
  event: StreamEvent,
  version: number,
): ChunkFrame | MessageEndFrame {
  if (event.type === 'chunk') {
    const { seq, part } = event;
    if (part !== undefined && version >= 2) return { type: 'chunk', conversationId, messageId, seq, part };
    return { type: 'chunk', conversationId, messageId, seq, text: event.text };
  }
  const end: MessageEndFrame = {
    type: 'message_end',
    conversationId,
    messageId,
    finishReason: event.finishReason,
    lastSeq: event.lastSeq,
  };
  return event.error === undefined ? end : { ...end, error: event.error };
}
