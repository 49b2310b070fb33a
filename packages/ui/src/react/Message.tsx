import type { ChatMessage, MessagePart } from '@rejoin/core';
import { roleLabel, statusNote } from '../shared/messageLabels.ts';
import { hasRichParts } from '../shared/partLabels.ts';
import { Icon } from './Icon.tsx';
import type { DataRenderers } from './parts/DataPartView.tsx';
import { MessageParts } from './parts/MessageParts.tsx';

/**
 * The fields of a message the kit shows; a core `ChatMessage` fits as is. `parts` is optional so a
 * text-only message (or a client before protocol v2) still fits.
 */
export type MessageData = Pick<ChatMessage, 'id' | 'role' | 'text' | 'status'> & { readonly parts?: readonly MessagePart[] };

export interface MessageProps {
  readonly message: MessageData;
  /**
   * The user approves a tool call of this message; gets the call's id (the message's is yours:
   * `approveToolCall(message.id, toolCallId)`). Pass a stable function to keep parts memoized.
   */
  readonly onApproveToolCall?: ((toolCallId: string) => void) | undefined;
  /** The user denies a tool call of this message; gets the call's id. */
  readonly onDenyToolCall?: ((toolCallId: string) => void) | undefined;
  /** Renderers for data parts by name; a name without one shows as JSON. */
  readonly dataRenderers?: DataRenderers | undefined;
}

/**
 * One chat bubble: the user's on the right, the assistant's on the left. A streaming reply ends
 * in a blinking caret and is marked busy, so screen readers announce it once it settles rather
 * than token by token. A message with more than text (reasoning, tool calls, sources, files, data)
 * renders its parts in order; a text-only one keeps the plain bubble.
 */
export function Message({ message, onApproveToolCall, onDenyToolCall, dataRenderers }: MessageProps) {
  const streaming = message.status === 'streaming';
  const note = statusNote(message.status);
  return (
    <article
      className="rj-message"
      data-testid="message"
      data-message-id={message.id}
      data-role={message.role}
      data-status={message.status}
      aria-busy={streaming || undefined}
    >
      <div className="rj-message__bubble">
        <span className="rj-visually-hidden">{roleLabel(message.role)}: </span>
        {hasRichParts(message.parts) ? (
          <MessageParts
            parts={message.parts}
            onApproveToolCall={onApproveToolCall}
            onDenyToolCall={onDenyToolCall}
            dataRenderers={dataRenderers}
          />
        ) : (
          <span className="rj-message__text">{message.text}</span>
        )}
        {streaming ? <span className="rj-caret" data-testid="streaming-caret" aria-hidden="true" /> : null}
      </div>
      {note === null ? null : (
        <p className="rj-message__note">
          {message.status === 'pending' ? <Icon name="clock" /> : null}
          {note}
        </p>
      )}
    </article>
  );
}
