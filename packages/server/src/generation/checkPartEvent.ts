import type { ProtocolError } from '@rejoin/core/protocol';
import { parseServerFrame } from '../protocol/coreProtocol.ts';

/**
 * Checks a part event a model yielded against the protocol's rules for a `chunk`'s `part`, by the
 * very validator clients run, so the server never writes an event every client would refuse.
 * Returns null when it is valid, else the typed error saying what is wrong. Part events are rare
 * beside text tokens, so the round trip through JSON costs little.
 */
export function checkPartEvent(part: unknown): ProtocolError | null {
  let raw: string;
  try {
    raw = JSON.stringify({ type: 'chunk', conversationId: 'c', messageId: 'm', seq: 1, part });
  } catch (cause) {
    raw = `<not serializable: ${cause instanceof Error ? cause.message : String(cause)}>`;
  }
  const parsed = parseServerFrame(raw);
  return parsed.ok ? null : parsed.error;
}
