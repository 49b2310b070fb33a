import type { FrameBatch } from '../socket/frameBatcher.ts';
import type { ChunkFrame } from '../protocol/frames.ts';
import type { ChatEvent } from './chatEvents.ts';

/**
 * The machine events of one batch of validated frames, in arrival order: one typed event per
 * control frame (so the statechart shows the protocol: `SERVER.WELCOME` ends `restoring`), and one
 * `SERVER.CHUNKS` per run of consecutive chunks (so a fast stream costs an event per batching
 * window, not per token). Frames that failed validation come last, as `SOCKET.INVALID`.
 */
export function serverEvents(batch: FrameBatch): ChatEvent[] {
  const events: ChatEvent[] = [];
  let chunks: ChunkFrame[] = [];
  for (const frame of batch.frames) {
    if (frame.type === 'chunk') {
      chunks.push(frame);
      continue;
    }
    if (chunks.length > 0) {
      events.push({ type: 'SERVER.CHUNKS', frames: chunks });
      chunks = [];
    }
    switch (frame.type) {
      case 'welcome':
        events.push({ type: 'SERVER.WELCOME', frame });
        break;
      case 'conversation':
        events.push({ type: 'SERVER.CONVERSATION', frame });
        break;
      case 'conversations':
        events.push({ type: 'SERVER.CONVERSATIONS', frame });
        break;
      case 'ack':
        events.push({ type: 'SERVER.ACK', frame });
        break;
      case 'message_start':
        events.push({ type: 'SERVER.MESSAGE_START', frame });
        break;
      case 'message_end':
        events.push({ type: 'SERVER.MESSAGE_END', frame });
        break;
      case 'error':
        events.push({ type: 'SERVER.ERROR', frame });
        break;
      case 'ping':
        events.push({ type: 'SERVER.PING', frame });
        break;
      case 'pong':
        events.push({ type: 'SERVER.PONG' });
        break;
    }
  }
  if (chunks.length > 0) events.push({ type: 'SERVER.CHUNKS', frames: chunks });
  if (batch.errors.length > 0) events.push({ type: 'SOCKET.INVALID', errors: batch.errors });
  return events;
}
