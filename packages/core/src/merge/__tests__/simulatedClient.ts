// The client side of the property tests: a conversation and an outbox, fed server frames the way
// the machine feeds them (routed by frame type, consecutive chunks coalesced into one batch).
import { emptyConversation, type ConversationState, type OutboxEntry } from '../../model/conversation.ts';
import type { StreamCursor } from '../../model/message.ts';
import type { ChunkFrame, ServerFrame } from '../../protocol/frames.ts';
import { addPendingMessage } from '../userMessages.ts';
import { applyAck } from '../userMessages.ts';
import { applyChunks } from '../replyStream.ts';
import { applyMessageEnd } from '../replyStream.ts';
import { applyMessageStart } from '../replyStream.ts';
import { markStreamLost } from '../replyStream.ts';
import { mergeHistory } from '../mergeHistory.ts';

export class SimulatedClient {
  conversation: ConversationState;
  outbox: OutboxEntry[] = [];
  private readonly typed = new Set<string>();

  constructor(conversationId: string) {
    this.conversation = emptyConversation(conversationId);
  }

  hasTyped(messageId: string): boolean {
    return this.typed.has(messageId);
  }

  type(messageId: string, text: string, createdAt: number): void {
    const entry: OutboxEntry = { conversationId: this.conversation.conversationId, messageId, text, createdAt };
    this.typed.add(messageId);
    this.outbox.push(entry);
    this.conversation = addPendingMessage(this.conversation, entry);
  }

  /**
   * Applies one delivery (a lone frame, or a run of chunks that arrived within one task) and
   * returns the replays the merge functions asked for.
   */
  receive(delivery: readonly ServerFrame[]): StreamCursor[] {
    const chunks = delivery.filter((frame): frame is ChunkFrame => frame.type === 'chunk');
    if (chunks.length > 0) {
      if (chunks.length !== delivery.length) throw new Error('a delivery mixes chunks with other frames');
      const { conversation, replayFrom } = applyChunks(this.conversation, chunks);
      this.conversation = conversation;
      return replayFrom === null ? [] : [replayFrom];
    }
    const requests: StreamCursor[] = [];
    for (const frame of delivery) {
      switch (frame.type) {
        case 'ack':
          this.conversation = applyAck(this.conversation, frame);
          this.outbox = this.outbox.filter((entry) => entry.messageId !== frame.messageId);
          break;
        case 'message_start':
          this.conversation = applyMessageStart(this.conversation, frame);
          break;
        case 'message_end': {
          const { conversation, replayFrom } = applyMessageEnd(this.conversation, frame);
          this.conversation = conversation;
          if (replayFrom !== null) requests.push(replayFrom);
          break;
        }
        case 'conversation':
          this.conversation = mergeHistory(this.conversation, frame, this.outbox);
          break;
        case 'welcome':
          for (const lost of frame.lostStreams) this.conversation = markStreamLost(this.conversation, lost.messageId);
          break;
        case 'error':
          if (frame.code === 'stream_not_found' && frame.messageId !== undefined) {
            this.conversation = markStreamLost(this.conversation, frame.messageId);
          }
          break;
        default:
          break;
      }
    }
    return requests;
  }
}
