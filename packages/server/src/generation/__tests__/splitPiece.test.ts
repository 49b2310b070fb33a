import { describe, expect, it } from 'vitest';
import { splitPiece } from '../splitPiece.ts';

describe('splitPiece', () => {
  it('keeps a piece within the limit whole', () => {
    expect(splitPiece('hello', 5)).toEqual(['hello']);
  });

  it('cuts a long piece into parts of at most the limit that join back into it', () => {
    const parts = splitPiece('abcdefghij', 4);
    expect(parts).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('never cuts inside a surrogate pair', () => {
    const piece = 'ab😀cd';
    const parts = splitPiece(piece, 3);
    expect(parts.join('')).toBe(piece);
    for (const part of parts) expect(part).toBe(Array.from(part).join(''));
    expect(parts.every((part) => !/[\uD800-\uDBFF]$/.test(part))).toBe(true);
  });
});
