import type { OutboxEntry } from '../model/conversation.ts';
import type { SendFrame } from '../protocol/frames.ts';

/** The `send` frames for an outbox, in the order typed. Resending is safe: the server dedupes by id. */
export function outboxFrames(outbox: readonly OutboxEntry[]): SendFrame[] {
  return outbox.map((entry): SendFrame => {
    const frame: SendFrame = { type: 'send', conversationId: entry.conversationId, messageId: entry.messageId, text: entry.text };
    return entry.files === undefined ? frame : { ...frame, files: entry.files };
  });
}
