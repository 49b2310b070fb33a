import type { ConversationFrame } from '@rejoin/core/protocol';

/**
 * Drops the oldest messages of a `conversation` frame until it fits in `maxBytes` of UTF-8
 * (protocol v1: a server never sends a frame over the client's limit). The streaming message is the
 * newest, so it is the last to go; a frame that cannot fit even with one message is returned with
 * that message alone, and the caller decides what to do.
 */
export function fitConversationFrame(frame: ConversationFrame, maxBytes: number): ConversationFrame {
  const total = Buffer.byteLength(JSON.stringify(frame));
  if (total <= maxBytes) return frame;
  let excess = total - maxBytes;
  let drop = 0;
  while (drop < frame.messages.length - 1 && excess > 0) {
    // +1 for the comma that separated it from the next message.
    excess -= Buffer.byteLength(JSON.stringify(frame.messages[drop])) + 1;
    drop += 1;
  }
  return { ...frame, messages: frame.messages.slice(drop) };
}
