import type { ChatMessage } from '../model/message.ts';
import { positionOf } from './positionOf.ts';

/** Where the followed stream's message sits in the conversation, and its status. */
export interface FollowedMessage {
  readonly position: number;
  readonly status: ChatMessage['status'];
}

/**
 * Whether a reply at `candidatePosition` should become the stream the conversation follows,
 * in place of `followed` (the message the current stream points at; undefined when this client
 * does not hold it). A conversation generates one reply at a time, so the newest unfinished
 * reply is the live one: an older reply whose end this client missed must not take the cursor
 * back from a newer one, or the client would resubscribe to a stream the server already closed.
 */
export function takesOverStream(candidatePosition: number, followed: FollowedMessage | undefined): boolean {
  return followed === undefined || followed.status !== 'streaming' || candidatePosition > followed.position;
}

/** The followed stream's message as {@link takesOverStream} needs it, looked up in `messages`. */
export function followedMessage(messages: readonly ChatMessage[], messageId: string): FollowedMessage | undefined {
  const position = positionOf(messages, messageId);
  const message = messages[position];
  return message === undefined ? undefined : { position, status: message.status };
}
