import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { textFrameHeaderBytes, writeTextFrame } from '../textFrame.ts';

// ws exports its Sender, which @types/ws does not declare.
const { Sender } = ws as unknown as {
  Sender: { frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] };
};

/** The frame `ws` itself sends for `text` from a server (final, unmasked, uncompressed). */
function framedByWs(text: string): Buffer {
  return Buffer.concat(Sender.frame(Buffer.from(text), { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false }));
}

describe('writeTextFrame', () => {
  // Each payload-length encoding on both sides of its bounds (7 bits, 16 bits, 64 bits), and
  // characters of 1 to 4 UTF-8 bytes.
  const texts = ['', 'a', 'a'.repeat(125), 'a'.repeat(126), 'é'.repeat(40_000), 'a'.repeat(65_535), 'a'.repeat(65_536), '🙂€é'.repeat(30_000)];

  it.each(texts.map((text) => [Buffer.byteLength(text), text] as const))('writes the bytes ws sends for a %i-byte text', (byteLength, text) => {
    const target = Buffer.alloc(textFrameHeaderBytes(byteLength) + byteLength + 3, 0xee);
    const end = writeTextFrame(target, 3, text, byteLength);
    expect(end).toBe(target.length);
    expect(target.subarray(3).equals(framedByWs(text))).toBe(true);
    // Nothing before the offset is touched.
    expect([...target.subarray(0, 3)]).toEqual([0xee, 0xee, 0xee]);
  });
});
