export interface ProcessingIndicatorProps {
  /** The assistant is working: a reply streams, or a sent message waits for one. */
  readonly processing: boolean;
  /** @default 'Assistant is responding…' */
  readonly label?: string;
}

/**
 * "The assistant is working on it". Always rendered (empty when idle) because a status region
 * must exist before its text changes for screen readers to announce the change.
 */
export function ProcessingIndicator({ processing, label = 'Assistant is responding…' }: ProcessingIndicatorProps) {
  return (
    <div className="rj-processing" data-testid="processing-indicator" data-processing={String(processing)} role="status">
      {processing ? (
        <>
          <span className="rj-processing__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <span>{label}</span>
        </>
      ) : null}
    </div>
  );
}
