import type { ChunkFrame, MessageEndFrame } from '@rejoin/core/protocol';
import { encodeFrame } from '../protocol/coreProtocol.ts';
import type { StreamEvent } from '../stores/StreamStore.ts';
import { streamEventFrame } from './streamFrames.ts';

/** A stream frame with its wire text. */
export interface EncodedStreamFrame {
  readonly frame: ChunkFrame | MessageEndFrame;
  readonly text: string;
}

/** Encodes the events of one stream for one follower; see `StreamFrameEncoder.forStream`. */
export type StreamEventEncoder = (event: StreamEvent) => EncodedStreamFrame;

/**
 * Builds and encodes each stream event's frame once, however many connections follow the stream:
 * the stores hand one event object to every follower in turn, so the frame and its JSON made for
 * the first follower are reused for the next ones. One entry is enough for that, and it is all
 * this keeps; a replay, whose events are made per follower, simply encodes them one by one.
 */
export class StreamFrameEncoder {
  private lastEvent: StreamEvent | null = null;
  private lastMessageId = '';
  private lastConversationId = '';
  private lastVersion = 0;
  private last: EncodedStreamFrame | null = null;

  /** The encoder for one follower of one stream, speaking protocol `version`. */
  forStream(conversationId: string, messageId: string, version: number): StreamEventEncoder {
    // Everything up to the seq is the same for every chunk of the stream: encoded once. The keys
    // are in the order JSON.stringify writes a chunk frame's, so the text is byte for byte the same.
    const chunkPrefix = `{"type":"chunk","conversationId":${JSON.stringify(conversationId)},"messageId":${JSON.stringify(messageId)},"seq":`;
    return (event) => {
      if (
        this.lastEvent === event &&
        this.lastMessageId === messageId &&
        this.lastConversationId === conversationId &&
        this.lastVersion === version &&
        this.last !== null
      ) {
        return this.last;
      }
      const frame = streamEventFrame(conversationId, messageId, event, version);
      const text =
        event.type === 'chunk' && !('part' in frame) ? `${chunkPrefix}${event.seq},"text":${JSON.stringify(event.text)}}` : encodeFrame(frame);
      const encoded: EncodedStreamFrame = { frame, text };
      this.lastEvent = event;
      this.lastMessageId = messageId;
      this.lastConversationId = conversationId;
      this.lastVersion = version;
      this.last = encoded;
      return encoded;
    };
  }
}
