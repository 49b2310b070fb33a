import { isDevelopment } from '../environment/isDevelopment.ts';
import { RejoinError } from '../errors/RejoinError.ts';

/** Every key Rejoin writes starts with this, so `clearAllRejoinData` can find them all. */
export const REJOIN_KEY_PREFIX = 'rejoin:';

/** The longest namespace accepted; a user id or a hash of one is far shorter. */
export const MAX_NAMESPACE_LENGTH = 256;

/**
 * The storage key of a namespace's snapshot: `rejoin:snapshot:<namespace>`. One namespace per
 * user keeps two users of one browser from resuming each other's streams and outbox.
 *
 * @throws RejoinError when the namespace is not a non-empty string of at most 256 characters.
 * This is a programmer error, raised when the client is created rather than on first write.
 */
export function storageKey(namespace: string): string {
  if (typeof namespace !== 'string' || namespace.length === 0 || namespace.length > MAX_NAMESPACE_LENGTH) {
    const got =
      typeof namespace === 'string'
        ? `a string of ${namespace.length} characters`
        : `${namespace === null ? 'null' : typeof namespace}`;
    throw new RejoinError(
      'config/invalid',
      // The advice is development-only (see environment/isDevelopment.ts); production keeps the facts.
      isDevelopment
        ? `[rejoin] The persistence namespace must be a non-empty string of at most ${MAX_NAMESPACE_LENGTH} characters, got ${got}. ` +
          'Pass a stable id of the signed-in user (or a hash of it), or "anonymous" before sign-in.'
        : `[rejoin] Invalid persistence namespace (${got}).`,
    );
  }
  return `${REJOIN_KEY_PREFIX}snapshot:${namespace}`;
}

/**
 * The storage key of the `n`th text segment appended to stream `messageId` since its base record
 * was last compacted: `rejoin:segment:<namespace>:<messageId>:<n>`. Message ids never hold a colon
 * (protocol id rule), so the key parses from the right whatever the namespace holds; and it starts
 * with `rejoin:`, so `clearAllRejoinData` finds it.
 */
export function segmentKey(namespace: string, messageId: string, n: number): string {
  return `${REJOIN_KEY_PREFIX}segment:${namespace}:${messageId}:${n}`;
}
