import type { HistoryMessage } from '@rejoin/core/protocol';
import type { MessagePart, PartEvent } from '@rejoin/core/ai-sdk';
import type { RespondInput } from '../generation/Respond.ts';

/**
 * The `Respond` contract with message parts (protocol v2), as the adapters need it: history
 * messages carry their parts, and a reply paused at a tool approval resumes with `continuation`.
 * Restated here so the adapters build on their own; it is meant to equal `Respond` once the server
 * streams parts, and then to be replaced by it.
 */
export interface PartsRespondInput extends Omit<RespondInput, 'conversation'> {
  readonly conversation: {
    readonly conversationId: string;
    readonly messages: readonly (HistoryMessage & { readonly parts?: readonly MessagePart[] })[];
  };
  /** Set when the reply `messageId` paused at a tool approval and the user decided. */
  readonly continuation?: Continuation;
}

/** A paused reply to go on with: its parts so far and the user's decision. */
export interface Continuation {
  readonly messageId: string;
  readonly parts: readonly MessagePart[];
  readonly approval: { readonly toolCallId: string; readonly approved: boolean; readonly reason?: string };
}

/** A model that streams text and parts; yielding `tool-approval-request` pauses the reply. */
export type PartsRespond = (input: PartsRespondInput) => AsyncIterable<string | PartEvent>;
