import { Icon } from './Icon.tsx';

export interface ProcessingIndicatorProps {
  /** The assistant is working: a reply streams, or is awaited from the server for a message that went out. */
  readonly processing: boolean;
  /** A message waits for a connection: it has not left the browser, so nothing works on it yet. @default false */
  readonly pending?: boolean;
  /** @default 'Assistant is responding…' */
  readonly label?: string;
  /** @default 'Waiting for connection, will send when back online' */
  readonly pendingLabel?: string;
}

/**
 * What the assistant is doing: responding, or not yet, because a message waits for a connection.
 * Always rendered (empty when idle) because a status region must exist before its text changes for
 * screen readers to announce the change; one region, so the two never talk over each other.
 */
export function ProcessingIndicator({
  processing,
  pending = false,
  label = 'Assistant is responding…',
  pendingLabel = 'Waiting for connection, will send when back online',
}: ProcessingIndicatorProps) {
  return (
    <div className="rj-processing" data-testid="processing-indicator" data-processing={String(processing)} data-pending={String(pending)} role="status">
      {processing ? (
        <span className="rj-processing__responding">
          <span className="rj-processing__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <span>{label}</span>
        </span>
      ) : null}
      {pending ? (
        <span className="rj-processing__pending" data-testid="pending-indicator">
          <Icon name="clock" />
          <span>{pendingLabel}</span>
        </span>
      ) : null}
    </div>
  );
}
