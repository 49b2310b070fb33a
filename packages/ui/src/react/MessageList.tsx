import { useRef, type ReactNode } from 'react';
import { useStickToBottom } from './useStickToBottom.ts';

export interface MessageListProps {
  /** The conversation's message ids, in display order. */
  readonly messageIds: readonly string[];
  /**
   * Renders the row for one id, typically a component that selects its own message
   * (`useMessage(conversationId, id)`) and renders `<Message>`: then a streamed chunk re-renders
   * that row alone, not the list.
   */
  readonly renderMessage: (messageId: string) => ReactNode;
  /** The history is loading and there is nothing to show yet. @default false */
  readonly loading?: boolean;
  /** Shown when there are no messages. @default 'No messages yet. Say hello!' */
  readonly empty?: ReactNode;
  /** The list's accessible name. @default 'Messages' */
  readonly label?: string;
}

/**
 * The conversation's messages, one row per id, following the end while a reply streams in. A
 * polite live log, so assistive technology reads new messages as they settle.
 */
export function MessageList({
  messageIds,
  renderMessage,
  loading = false,
  empty = 'No messages yet. Say hello!',
  label = 'Messages',
}: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLOListElement>(null);
  useStickToBottom(scroller, content);
  const placeholder = messageIds.length > 0 ? null : loading ? 'Loading conversation…' : empty;
  return (
    <div
      ref={scroller}
      className="rj-message-list"
      data-testid="message-list"
      data-loading={loading}
      role="log"
      aria-live="polite"
      aria-label={label}
      tabIndex={0}
    >
      {placeholder === null ? null : <div className="rj-message-list__placeholder">{placeholder}</div>}
      <ol ref={content} className="rj-message-list__items">
        {messageIds.map((messageId) => (
          <li key={messageId} className="rj-message-list__row">
            {renderMessage(messageId)}
          </li>
        ))}
      </ol>
    </div>
  );
}
