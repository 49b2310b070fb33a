import { useId, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { Icon } from './Icon.tsx';

/** A message typed but not sent yet (in the client's outbox). */
export interface PendingMessage {
  readonly id: string;
  readonly text: string;
}

export interface ComposerProps {
  /** Called with the typed text (never blank); the composer then clears itself. */
  readonly onSend: (text: string) => void;
  /** Messages waiting to be sent, shown above the input as queued. @default [] */
  readonly pending?: readonly PendingMessage[];
  /** Blocks typing and sending. @default false */
  readonly disabled?: boolean;
  /** @default 'Message the assistant…' */
  readonly placeholder?: string;
  /** The input's accessible name. @default 'Message' */
  readonly label?: string;
  /** Extra controls beside the send button, such as a `<StopButton>`. */
  readonly actions?: ReactNode;
}

const NO_PENDING: readonly PendingMessage[] = [];

/**
 * The message box. Enter sends, Shift+Enter starts a new line. Holds only the draft; sending is
 * the caller's `onSend`, and while offline the client queues it (shown here as pending).
 */
export function Composer({
  onSend,
  pending = NO_PENDING,
  disabled = false,
  placeholder = 'Message the assistant…',
  label = 'Message',
  actions,
}: ComposerProps) {
  const [draft, setDraft] = useState('');
  const inputId = useId();
  const canSend = !disabled && draft.trim() !== '';

  const submit = () => {
    if (!canSend) return;
    onSend(draft.trim());
    setDraft('');
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // An IME composition uses Enter to pick a word; that Enter is not a send.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form className="rj-composer" onSubmit={onSubmit}>
      {pending.length === 0 ? null : (
        <ul className="rj-composer__pending" aria-label="Queued messages">
          {pending.map((message) => (
            <li key={message.id} className="rj-composer__pending-item" data-testid="pending-message" data-message-id={message.id}>
              <Icon name="clock" />
              <span className="rj-composer__pending-text">{message.text}</span>
              <span className="rj-composer__pending-tag">Queued</span>
            </li>
          ))}
        </ul>
      )}
      <div className="rj-composer__row">
        <label className="rj-visually-hidden" htmlFor={inputId}>
          {label}
        </label>
        <textarea
          id={inputId}
          className="rj-composer__input"
          data-testid="composer-input"
          rows={1}
          value={draft}
          placeholder={placeholder}
          disabled={disabled}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="rj-composer__actions">
          {actions}
          <button type="submit" className="rj-button rj-button--primary rj-button--icon" data-testid="composer-send" disabled={!canSend} aria-label="Send">
            <Icon name="send" />
          </button>
        </div>
      </div>
    </form>
  );
}
