import type { ClientFrame, ErrorCode, ErrorFrame, ServerFrame } from '@rejoin/core/protocol';
import type { Logger } from '../logging/createLogger.ts';
import type { ClientSessionContext } from './ClientSession.ts';
import type { FollowedConversations } from './FollowedConversations.ts';

export type ErrorExtras = Partial<Pick<ErrorFrame, 'conversationId' | 'messageId' | 'fatal' | 'retryAfterMs'>>;

/**
 * The one connection a session's parts (handshake, access, frame handlers) serve: what the
 * handshake agreed, and the ways out. The `ClientSession` owns it; the parts share it rather than
 * each keeping a copy of the user or the version.
 */
export interface SessionPort {
  readonly sessionId: string;
  readonly context: ClientSessionContext;
  readonly followed: FollowedConversations;
  /** The authenticated user; empty until the handshake. */
  readonly userId: string;
  /** The protocol version agreed in the handshake: min(hello.v, PROTOCOL_VERSION). */
  readonly version: number;
  readonly log: Logger;
  /** Past the handshake: frames other than `hello` are handled. */
  readonly ready: boolean;
  /** Called when `hello` authenticated a user, before the welcome. */
  authenticated(userId: string): void;
  /** Called when the welcome is about to leave: the connection is ready at `version`. */
  join(version: number): void;
  send(frame: ServerFrame): void;
  sendError(code: ErrorCode, message: string, extras?: ErrorExtras): void;
  /** Sends a fatal error and closes. */
  fail(code: ErrorCode, message: string, closeCode: number): void;
  /** A method rather than a field test, so checks after an await are not narrowed away. */
  closed(): boolean;
}

/** The ids an error about this frame may carry (they passed validation, so they are safe to echo). */
export function idsOf(frame: ClientFrame): ErrorExtras {
  const ids: { conversationId?: string; messageId?: string } = {};
  if ('conversationId' in frame) ids.conversationId = frame.conversationId;
  if ('messageId' in frame && frame.messageId !== undefined) ids.messageId = frame.messageId;
  return ids;
}
