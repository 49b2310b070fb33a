import { randomId } from './randomId.ts';

export const TOKEN_KEY = 'rejoin-demo:token';
export const NAMESPACE_KEY = 'rejoin-demo:namespace';

/** 32 characters of 6 random bits: 192 bits, far above the server's 16-character minimum. */
const TOKEN_LENGTH = 32;
const NAMESPACE_LENGTH = 16;

export interface DemoIdentity {
  /**
   * The demo's credential: a per-browser secret the reference server's token authenticator turns
   * into a user id. Whoever holds it is this user, so it is never shown or logged.
   */
  readonly token: string;
  /**
   * Where the client persists its snapshot. A second random id rather than the token, so the
   * secret never appears in a storage key.
   */
  readonly namespace: string;
}

/**
 * This browser's demo identity, created on first visit and kept in `storage`. Without a working
 * storage (a locked-down browser) the identity lasts for this page only.
 *
 * @param storage @default localStorage
 */
export function loadDemoIdentity(storage: Storage | null = browserStorage()): DemoIdentity {
  const token = readOrCreate(storage, TOKEN_KEY, TOKEN_LENGTH);
  const namespace = readOrCreate(storage, NAMESPACE_KEY, NAMESPACE_LENGTH);
  return { token, namespace };
}

/**
 * Forgets this browser's demo identity: the next visit is a new user.
 *
 * @param storage @default localStorage
 */
export function forgetDemoIdentity(storage: Storage | null = browserStorage()): void {
  try {
    storage?.removeItem(TOKEN_KEY);
    storage?.removeItem(NAMESPACE_KEY);
  } catch {
    // Nothing was stored then.
  }
}

function readOrCreate(storage: Storage | null, key: string, length: number): string {
  try {
    const existing = storage?.getItem(key);
    if (existing && /^[A-Za-z0-9_-]+$/.test(existing) && existing.length >= length) return existing;
    const created = randomId(length);
    storage?.setItem(key, created);
    return created;
  } catch {
    return randomId(length);
  }
}

function browserStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Reading `localStorage` itself throws when the browser blocks site data.
    return null;
  }
}
