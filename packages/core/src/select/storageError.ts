import type { ChatSnapshot } from '../machine/chatMachine.ts';
import type { RejoinError } from '../errors/RejoinError.ts';

/**
 * The newest storage problem (`storage/*`: a corrupt, future-version or foreign record that was
 * dropped, full or unavailable storage), or null. The error object itself, so a notice can remember
 * which one the user dismissed and come back only for a new one.
 */
export function selectStorageError(snapshot: ChatSnapshot): RejoinError | null {
  const { errors } = snapshot.context;
  for (let index = errors.length - 1; index >= 0; index -= 1) {
    const error = errors[index]!;
    if (error.code.startsWith('storage/')) return error;
  }
  return null;
}
