/** Keys whose values are the user's words (message text, conversation titles). */
const TEXT_KEYS = new Set(['text', 'title']);
/** Keys whose values are credentials. */
const TOKEN_KEYS = new Set(['token']);

export interface RevealOptions {
  /** Show message text and titles. */
  readonly text: boolean;
  /** Show credentials (`hello`'s token, the client's token). */
  readonly token: boolean;
}

/** What a hidden string shows instead: its length, which is often the clue, never its content. */
export function hiddenLabel(value: unknown): string {
  return typeof value === 'string' ? `‹hidden: ${value.length} chars›` : '‹hidden›';
}

/**
 * A copy of `value` (frames, snapshot slices) with text and tokens replaced by a label unless
 * revealed. Plain JSON data in, plain JSON data out; errors become `{ code, message }`.
 */
export function hideSecrets(value: unknown, reveal: RevealOptions): unknown {
  if (reveal.text && reveal.token) return toPlain(value);
  return hide(value, reveal);
}

function hide(value: unknown, reveal: RevealOptions): unknown {
  if (Array.isArray(value)) return value.map((item) => hide(item, reveal));
  if (value instanceof Error) return toPlain(value);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const hidden = (TEXT_KEYS.has(key) && !reveal.text) || (TOKEN_KEYS.has(key) && !reveal.token);
    copy[key] = hidden && item !== null && item !== undefined ? hiddenLabel(item) : hide(item, reveal);
  }
  return copy;
}

function toPlain(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return code === undefined ? { message: value.message } : { code, message: value.message };
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlain(item)]));
}
