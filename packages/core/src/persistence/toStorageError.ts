import { isDevelopment } from '../environment/isDevelopment.ts';
import { StorageError } from '../errors/RejoinError.ts';

/**
 * Names and legacy codes browsers use for "storage full": the standard name, Firefox's old one,
 * and the numeric codes of older engines.
 */
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);
const QUOTA_CODES = new Set([22, 1014]);

/** True for the error a storage throws when it is full (a DOMException or anything shaped like one). */
export function isQuotaExceeded(cause: unknown): boolean {
  if (typeof cause !== 'object' || cause === null) return false;
  const { name, code } = cause as { name?: unknown; code?: unknown };
  return (typeof name === 'string' && QUOTA_NAMES.has(name)) || (typeof code === 'number' && QUOTA_CODES.has(code));
}

/**
 * The `StorageError` for something a storage threw while `action` (for example "writing the
 * snapshot"): `storage/quota` when it is full, `storage/unavailable` for anything else (private
 * browsing, storage disabled, a security policy).
 */
export function toStorageError(cause: unknown, action: string): StorageError {
  if (isQuotaExceeded(cause)) {
    return new StorageError(
      'storage/quota',
      // The advice is development-only (see environment/isDevelopment.ts); production keeps the facts.
      isDevelopment
        ? `[rejoin] Storage is full while ${action}. The client keeps running and retries on the next change; ` +
          'free space (remove other keys of this origin) so a refresh can resume streams and resend queued messages.'
        : `[rejoin] Storage is full while ${action}.`,
      { cause },
    );
  }
  return new StorageError(
    'storage/unavailable',
    isDevelopment
      ? `[rejoin] Storage failed while ${action} (${describeCause(cause)}). The client keeps running without persistence, ` +
        'so a refresh will not resume streams or resend queued messages. Private browsing or disabled site data cause this.'
      : `[rejoin] Storage failed while ${action} (${describeCause(cause)}).`,
    { cause },
  );
}

/** A thrown value in a few words (its name, else its message), safe to call on anything. */
export function describeCause(cause: unknown): string {
  try {
    if (typeof cause === 'object' && cause !== null && 'name' in cause && typeof cause.name === 'string') {
      return cause.name;
    }
    return cause instanceof Error ? cause.message : String(cause);
  } catch {
    return 'unknown error';
  }
}
