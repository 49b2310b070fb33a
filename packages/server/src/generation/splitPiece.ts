/**
 * The largest chunk text the server sends, in UTF-16 code units. Even at 3 UTF-8 bytes each, a
 * chunk frame stays far below the client's 1 MiB frame limit, whatever a model yields at once.
 */
export const MAX_CHUNK_CHARS = 16_384;

/** Splits a model's piece into chunk texts of at most `maxChars`, never inside a surrogate pair. */
export function splitPiece(piece: string, maxChars: number = MAX_CHUNK_CHARS): string[] {
  if (piece.length <= maxChars) return [piece];
  const parts: string[] = [];
  let start = 0;
  while (start < piece.length) {
    let end = Math.min(start + maxChars, piece.length);
    // Ending on a high surrogate would cut a code point in two: end one unit earlier.
    if (end < piece.length && isHighSurrogate(piece.charCodeAt(end - 1)) && end - 1 > start) end -= 1;
    parts.push(piece.slice(start, end));
    start = end;
  }
  return parts;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
