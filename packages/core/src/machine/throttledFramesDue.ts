import type { ClientFrame } from '../protocol/frames.ts';
import type { ChatContext } from './chatContext.ts';
import { outboxFrames } from './outboxFrames.ts';

/**
 * What to send when the `resend` timer fires: the refused replays (from where the reply stands
 * now) and loads, and the oldest refused message, one per tick so a flood drains at the pace the
 * server asked for. `rest` are the messages still waiting for a later tick.
 */
export function throttledFramesDue(context: ChatContext): { readonly frames: ClientFrame[]; readonly rest: readonly string[] } {
  const frames: ClientFrame[] = [];
  for (const frame of context.throttledFrames) {
    if (frame.type !== 'subscribe') {
      frames.push(frame);
      continue;
    }
    const message = context.conversations[frame.conversationId]?.messages.find((candidate) => candidate.id === frame.messageId);
    if (message?.status === 'streaming') frames.push({ ...frame, lastSeq: message.seq ?? 0 });
    // A reply the welcome announced that this client holds nothing of yet: from the start.
    else if (message === undefined && context.activeStreams[frame.conversationId]?.messageId === frame.messageId) frames.push(frame);
  }
  const waiting = context.throttledSends.filter((id) => context.outbox.some((entry) => entry.messageId === id));
  const [first, ...rest] = waiting;
  const entry = context.outbox.find((candidate) => candidate.messageId === first);
  if (entry !== undefined) frames.push(...outboxFrames([entry]));
  return { frames, rest };
}
