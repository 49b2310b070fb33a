import { useState } from 'react';
import { useChatSelector } from '@rejoin/react';
import { storageNotice } from '@rejoin/ui/shared';
import type { ChatSnapshot } from '@rejoin/core';

const selectErrors = (snapshot: ChatSnapshot) => snapshot.context.errors;

/** Tells the user, once, that the browser storage let the client down (built from the kit's banner classes). */
export function StorageNotice() {
  const notice = storageNotice(useChatSelector(selectErrors));
  const [dismissed, setDismissed] = useState(false);
  if (notice === null || dismissed) return null;
  return (
    <div className="rj-banner" data-testid="storage-notice" data-state="notice" data-tone="warning" data-problem={notice.problem} role="status">
      <p className="rj-banner__text">
        <strong>{notice.title}</strong>
        {` ${notice.detail}`}
      </p>
      <button type="button" className="rj-button rj-button--small" onClick={() => setDismissed(true)}>
        Dismiss
      </button>
    </div>
  );
}
