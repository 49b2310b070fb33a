export interface ConversationUnavailableProps {
  /** The way back: usually starts a new chat. */
  readonly onBack: () => void;
  /** @default 'Start a new chat' */
  readonly backLabel?: string;
}

/**
 * In place of the messages when the server will not load a conversation. It cannot say whether
 * the conversation is someone else's or does not exist (the server answers both alike, so a link
 * leaks nothing), so neither does this.
 */
export function ConversationUnavailable({ onBack, backLabel = 'Start a new chat' }: ConversationUnavailableProps) {
  return (
    <div className="rj-unavailable" data-testid="conversation-unavailable" role="alert">
      <p className="rj-unavailable__title">This conversation is not available</p>
      <p className="rj-unavailable__detail">It may have been deleted, or the link belongs to another account.</p>
      <button type="button" className="rj-button rj-button--primary" data-testid="conversation-unavailable-back" onClick={onBack}>
        {backLabel}
      </button>
    </div>
  );
}
