import type { ChatMessage } from '@rejoin/core';

/** Who wrote it, for screen readers (the bubbles' side and colour say it to sighted users). */
export function roleLabel(role: ChatMessage['role']): string {
  return role === 'user' ? 'You' : 'Assistant';
}

/**
 * The note under a message whose status is worth telling, or null. `streaming` and `complete`
 * need none: the caret says the first, and the second is the normal case.
 */
export function statusNote(status: ChatMessage['status']): string | null {
  switch (status) {
    case 'pending':
      return 'Queued: not sent yet';
    case 'stopped':
      return 'Stopped';
    case 'error':
      return 'The reply failed';
    case 'interrupted':
      return 'Interrupted: the rest of this reply was lost';
    case 'streaming':
    case 'complete':
      return null;
  }
}
