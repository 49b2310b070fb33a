// 64 symbols, so a random byte masked to 6 bits picks each one with equal odds (nanoid's alphabet).
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A random id of `length` URL-safe characters from the platform's CSPRNG (6 bits each). */
export function randomId(length: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(length)), (byte) => ALPHABET[byte & 63]).join('');
}
