import { createHash } from 'node:crypto';
import type { Authenticate } from './Authenticate.ts';

/** A token must have at least this many characters of the id alphabet (about 96 bits for 16). */
export const MIN_TOKEN_CHARS = 16;
const MAX_TOKEN_CHARS = 256;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * The demo's authentication: the token IS a per-browser random secret (for example a nanoid kept
 * in localStorage), and the user id is derived from it by hashing, so the server never stores or
 * logs the secret itself. Whoever holds the token is that user: fit for demos and single-user
 * tools, not for accounts; plug in your own `Authenticate` for real users.
 *
 * Accepts tokens of 16 to 256 characters among A-Z a-z 0-9 _ -.
 */
export function createTokenAuthenticator(): Authenticate {
  return async ({ token }) => {
    if (token === undefined || token.length < MIN_TOKEN_CHARS || token.length > MAX_TOKEN_CHARS) return null;
    if (!TOKEN_PATTERN.test(token)) return null;
    return { userId: userIdForToken(token) };
  };
}

/** The user id the token authenticator derives from a token: `u_` and 24 hex digits of its SHA-256. */
export function userIdForToken(token: string): string {
  return `u_${createHash('sha256').update(token).digest('hex').slice(0, 24)}`;
}
