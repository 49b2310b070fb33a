/**
 * The checks every frame passes before its type is looked at, in the order docs/protocol.md
 * fixes: text, size, JSON, object, version. Shared by both directions.
 */
import type { ProtocolError } from '../errors/RejoinError.ts';
import { type FrameRecord, isRecord, isSpokenVersion } from './fieldChecks.ts';
import { notJson, notObject, notText, tooLarge, unsupportedVersion } from './frameRejections.ts';
import { exceedsUtf8Bytes, utf8ByteLength } from './utf8ByteLength.ts';

/** The parsed frame as an object whose fields are still unchecked, or why it was refused. */
export function readFrameRecord(raw: unknown, maxFrameBytes: number): FrameRecord | ProtocolError {
  if (typeof raw !== 'string') return notText(raw);
  // Before JSON.parse: an oversized frame must cost nothing to refuse.
  if (exceedsUtf8Bytes(raw, maxFrameBytes)) return tooLarge(raw, utf8ByteLength(raw), maxFrameBytes);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (cause) {
    // Includes a RangeError from pathologically deep nesting, not just SyntaxError.
    return notJson(raw, cause);
  }
  if (!isRecord(value)) return notObject(raw, value);
  // Any frame may carry `v`; one naming a version this side does not speak is refused whatever its type, so a
  // newer peer gets `unsupported_version` rather than a misleading field error.
  const version = value['v'];
  if (version !== undefined && !isSpokenVersion(version)) return unsupportedVersion(raw, version);
  return value;
}
