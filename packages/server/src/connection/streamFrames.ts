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

/** The `chunk` or `message_end` frame for one stream event. */
export function streamEventFrame(
  conversationId: string,
  messageId: string,
  event: StreamEvent,
): ChunkFrame | MessageEndFrame {
  if (event.type === 'chunk') {
    return { type: 'chunk', conversationId, messageId, seq: event.seq, text: event.text };
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
