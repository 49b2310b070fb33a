/**
 * The size of a frame as protocol v1 counts it: the UTF-8 bytes of its text, what a Go or Python
 * peer measures (docs/protocol.md, "Transport"). Counted from the UTF-16 code units without
 * encoding, so measuring allocates nothing; a lone surrogate counts 3, as the U+FFFD it is sent as.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Whether the text is over `maxBytes` UTF-8 bytes. A code unit takes 1 to 3 bytes, so most texts
 * are decided by their length alone and only the ones in between are counted.
 */
export function exceedsUtf8Bytes(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return utf8ByteLength(text) > maxBytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
