import { useState } from 'react';
import { storageNotice, type ErrorLike } from '../shared/storageNotice.ts';

export interface StorageNoticeProps {
  /** The client's newest storage problem (`selectStorageError`), or null. */
  readonly error: ErrorLike | null;
}

/**
 * Tells the user that the browser storage let the client down, until they dismiss it. Dismissing
 * hides this problem only: a new one (another error object) shows the notice again.
 */
export function StorageNotice({ error }: StorageNoticeProps) {
  const [dismissed, setDismissed] = useState<ErrorLike | null>(null);
  const notice = storageNotice(error);
  if (notice === null || error === dismissed) return null;
  return (
    <div className="rj-banner" data-testid="storage-notice" data-state="notice" data-tone="warning" data-problem={notice.problem} role="status">
      <p className="rj-banner__text">
        <strong>{notice.title}</strong>
        {` ${notice.detail}`}
      </p>
      <button type="button" className="rj-button rj-button--small" data-testid="storage-notice-dismiss" onClick={() => setDismissed(error)}>
        Dismiss
      </button>
    </div>
  );
}
