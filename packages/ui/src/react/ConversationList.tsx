import type { ConversationListItem } from '@rejoin/core';
import { Icon } from './Icon.tsx';

/** The fields of a conversation the list shows; a core `ConversationListItem` fits as is. */
export type ConversationEntry = Pick<ConversationListItem, 'conversationId' | 'title' | 'streaming'>;

export interface ConversationListProps {
  /** Newest first (`useConversationList()`). */
  readonly items: readonly ConversationEntry[];
  /** The conversation on screen, marked as current. */
  readonly activeId: string | null;
  readonly onSelect: (conversationId: string) => void;
  /** Starts a new conversation; without it there is no "New chat" button. */
  readonly onNew?: () => void;
  /** The navigation's accessible name. @default 'Conversations' */
  readonly label?: string;
}

/** The user's conversations, with a pulsing dot on each one whose reply is streaming right now. */
export function ConversationList({ items, activeId, onSelect, onNew, label = 'Conversations' }: ConversationListProps) {
  return (
    <nav className="rj-conversations" aria-label={label}>
      {onNew === undefined ? null : (
        <button type="button" className="rj-button rj-button--primary rj-conversations__new" data-testid="new-conversation" onClick={onNew}>
          <Icon name="plus" />
          <span>New chat</span>
        </button>
      )}
      <ul className="rj-conversations__list" data-testid="conversation-list">
        {items.map((item) => (
          <li key={item.conversationId}>
            <button
              type="button"
              className="rj-conversations__item"
              data-testid="conversation-item"
              data-conversation-id={item.conversationId}
              data-streaming={String(item.streaming)}
              aria-current={item.conversationId === activeId ? 'page' : undefined}
              onClick={() => onSelect(item.conversationId)}
            >
              <span className="rj-conversations__title">{item.title.trim() === '' ? 'New chat' : item.title}</span>
              {item.streaming ? (
                <>
                  <span className="rj-dot" aria-hidden="true" />
                  <span className="rj-visually-hidden"> (replying)</span>
                </>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
      {items.length === 0 ? <p className="rj-conversations__empty">No conversations yet.</p> : null}
    </nav>
  );
}
