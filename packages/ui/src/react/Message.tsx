import type { ChatMessage } from '@rejoin/core';
import { roleLabel, statusNote } from '../shared/messageLabels.ts';
import { Icon } from './Icon.tsx';

/** The fields of a message the kit shows; a core `ChatMessage` fits as is. */
export type MessageData = Pick<ChatMessage, 'id' | 'role' | 'text' | 'status'>;

export interface MessageProps {
  readonly message: MessageData;
}

/**
 * One chat bubble: the user's on the right, the assistant's on the left. A streaming reply ends
 * in a blinking caret and is marked busy, so screen readers announce it once it settles rather
 * than token by token.
 */
export function Message({ message }: MessageProps) {
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
        <span className="rj-message__text">{message.text}</span>
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
