/**
 * WebSocket text frames as a server sends them (RFC 6455 §5.2: final, unmasked, no extension),
 * written straight into a buffer, so a connection's frames of one turn leave in one write: `ws`'s
 * `send` allocates a header and an options object per message and makes two socket writes of it.
 * `SocketWriter` writes these only while `ws` would send the same bytes (no compression is
 * negotiated: the server turns it off); the test checks them against `ws`'s own `Sender.frame`.
 */

/** FIN and the text opcode. */
const FINAL_TEXT = 0x81;

/** Bytes of the header in front of a payload of `byteLength` bytes. */
export function textFrameHeaderBytes(byteLength: number): number {
  return byteLength < 126 ? 2 : byteLength < 65_536 ? 4 : 10;
}

/**
 * Writes the frame of `text` (whose UTF-8 length is `byteLength`) at `offset`; returns the offset
 * after it. The caller sized `target` with `textFrameHeaderBytes`.
 */
export function writeTextFrame(target: Buffer, offset: number, text: string, byteLength: number): number {
  target[offset] = FINAL_TEXT;
  let at = offset + 2;
  if (byteLength < 126) {
    target[offset + 1] = byteLength;
  } else if (byteLength < 65_536) {
    target[offset + 1] = 126;
    target.writeUInt16BE(byteLength, offset + 2);
    at += 2;
  } else {
    target[offset + 1] = 127;
    // 64 bits; a frame never approaches 2^48 bytes.
    target.writeUInt16BE(0, offset + 2);
    target.writeUIntBE(byteLength, offset + 4, 6);
    at += 8;
  }
  return at + target.write(text, at, byteLength, 'utf8');
}
