import type { HistoryMessage, ServerFrame } from '@rejoin/core/protocol';
import { simulatedReplyText } from '../generation/simulatedReply.ts';

type FrameOfType<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

/** A predicate for `TestClient.next`: a frame of `type` whose fields equal those of `fields`. */
export function frameOf<T extends ServerFrame['type']>(
  type: T,
  fields: Partial<FrameOfType<T>> = {},
): (frame: ServerFrame) => frame is FrameOfType<T> {
  return (frame): frame is FrameOfType<T> =>
    frame.type === type &&
    Object.entries(fields).every(([key, value]) => (frame as unknown as Record<string, unknown>)[key] === value);
}

/** The chunk frames of one message, in the order received. */
export function chunksOf(frames: readonly ServerFrame[], messageId: string): Extract<ServerFrame, { type: 'chunk' }>[] {
  return frames.filter((frame) => frame.type === 'chunk' && frame.messageId === messageId) as Extract<
    ServerFrame,
    { type: 'chunk' }
  >[];
}

/**
 * What the simulated model answers to a conversation of these turns (user, assistant, user, …),
 * the last one being the user message answered.
 */
export function expectedReply(...turns: readonly string[]): string {
  const messages: HistoryMessage[] = turns.map((text, index) => ({
    id: `m${index}`,
    role: index % 2 === 0 ? 'user' : 'assistant',
    text,
    status: 'complete',
    createdAt: 0,
  }));
  return simulatedReplyText(messages);
}
