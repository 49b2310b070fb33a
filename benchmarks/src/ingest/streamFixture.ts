import type { ChunkFrame } from '@rejoin/core';
import { realisticReplyTokens } from '../harness/realisticReply.ts';

/** Ids shaped like the real ones (21-character nanoids), so frames have their real length. */
export const CONVERSATION_ID = 'c_V1StGXR8_Z5jdHi6B-myT';
export const USER_MESSAGE_ID = 'u_9q2LkP0xW3eRtY7uI1oPa';
export const ASSISTANT_MESSAGE_ID = 'a_Zk4mN8bV2cX6zL0qW5eRt';

/** One reply, as its tokens and as the raw `chunk` frames a server sends for them. */
export interface StreamFixture {
  readonly tokens: readonly string[];
  /** What the tokens add up to: every contender must end with exactly this text. */
  readonly text: string;
  /** `chunk` frames, serialized as they travel (the client parses them). */
  readonly frames: readonly string[];
  /** Average frame length in characters. */
  readonly averageFrameLength: number;
}

export function createStreamFixture(tokenCount: number): StreamFixture {
  const tokens = realisticReplyTokens(tokenCount);
  const frames = tokens.map((text, index) =>
    JSON.stringify({
      type: 'chunk',
      conversationId: CONVERSATION_ID,
      messageId: ASSISTANT_MESSAGE_ID,
      seq: index + 1,
      text,
    } satisfies ChunkFrame),
  );
  const totalLength = frames.reduce((sum, frame) => sum + frame.length, 0);
  return { tokens, text: tokens.join(''), frames, averageFrameLength: totalLength / Math.max(1, frames.length) };
}
