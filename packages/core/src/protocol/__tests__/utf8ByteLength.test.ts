import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exceedsUtf8Bytes, utf8ByteLength } from '../frameChecks.ts';

const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.array(fc.constantFrom('a', 'é', '€', '😀', '\ud83d', '\ude00', '\u07ff', '\u0800', '\uffff')).map((units) => units.join('')),
);

describe('utf8ByteLength', () => {
  it('counts what TextEncoder writes, lone surrogates included', () => {
    fc.assert(fc.property(anyText, (text) => utf8ByteLength(text) === new TextEncoder().encode(text).length));
  });

  it('counts 1, 2, 3 and 4 bytes for a, é, € and an emoji', () => {
    expect(['a', 'é', '€', '😀'].map(utf8ByteLength)).toEqual([1, 2, 3, 4]);
  });

  it('decides "over the limit" exactly as the byte count does, on either side of every fast path', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 400 }), (text, maxBytes) =>
        exceedsUtf8Bytes(text, maxBytes) === utf8ByteLength(text) > maxBytes,
      ),
    );
  });
});
